package dev.herald.application.port.in;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.List;

/**
 * @param nextAfterSeq the {@code afterSeq} of the next page (the last seq here, or the query's, or
 *                     the last deleted seq when the query's was deleted)
 * @param firstSeq     the job's lowest stored seq ({@code headSeq + 1} when none is): the events
 *                     below it were deleted by retention
 */
public record EventsPage(JobId jobId, List<JobEvent> events, long nextAfterSeq, boolean hasMore, long firstSeq) {

    public EventsPage {
        events = List.copyOf(events);
    }

    /** A page of a job nothing was deleted from. */
    public EventsPage(JobId jobId, List<JobEvent> events, long nextAfterSeq, boolean hasMore) {
        this(jobId, events, nextAfterSeq, hasMore, 1);
    }
}
