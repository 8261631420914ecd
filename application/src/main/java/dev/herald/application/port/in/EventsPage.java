package dev.herald.application.port.in;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.List;

/** @param nextAfterSeq the {@code afterSeq} of the next page (the last seq here, or the query's) */
public record EventsPage(JobId jobId, List<JobEvent> events, long nextAfterSeq, boolean hasMore) {

    public EventsPage {
        events = List.copyOf(events);
    }
}
