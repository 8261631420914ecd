package dev.herald.domain.job;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored event of a job. {@code payload} is the raw JSON text the publisher sent: the gateway
 * never interprets it, it only carries it.
 *
 * @param from the client that published it over the WebSocket; empty for a worker's REST publish
 */
public record JobEvent(JobId jobId, long seq, EventType eventType, Instant occurredAt, String payload,
                       Optional<Sender> from) {

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(from, "from");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
    }

    /** An event a worker published (no sender). */
    public JobEvent(JobId jobId, long seq, EventType eventType, Instant occurredAt, String payload) {
        this(jobId, seq, eventType, occurredAt, payload, Optional.empty());
    }
}
