package dev.herald.domain.job;

import java.time.Instant;
import java.util.Objects;

/** What the event store knows about a job with at least one event; the raw material of a snapshot. */
public record JobFacts(JobId jobId, long headSeq, long eventCount, Instant firstEventAt, Instant lastEventAt,
                       EventType lastEventType) {

    public JobFacts {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(firstEventAt, "firstEventAt");
        Objects.requireNonNull(lastEventAt, "lastEventAt");
        Objects.requireNonNull(lastEventType, "lastEventType");
        if (headSeq < 1 || eventCount < 1) {
            throw new IllegalArgumentException("a job with facts has at least one event");
        }
    }
}
