package dev.herald.domain.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored event of a job. {@code payload} is the raw JSON text the publisher sent: the gateway
 * never interprets it, it only carries it.
 */
public record JobEvent(JobId jobId, long seq, EventType eventType, Instant occurredAt, String payload) {

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
    }
}
