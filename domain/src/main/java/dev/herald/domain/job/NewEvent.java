package dev.herald.domain.job;

import java.util.Objects;
import java.util.Optional;

/**
 * An event as a publisher sends it, before the store gives it a seq.
 *
 * @param payload the payload's JSON text
 * @param from    the client that published it over the WebSocket; empty for a worker's REST publish
 */
public record NewEvent(EventType eventType, String payload, Optional<Sender> from) {

    public NewEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(from, "from");
    }

    /** An event a worker publishes (no sender). */
    public NewEvent(EventType eventType, String payload) {
        this(eventType, payload, Optional.empty());
    }

    public JobEvent stored(JobId jobId, long seq, java.time.Instant occurredAt) {
        return new JobEvent(jobId, seq, eventType, occurredAt, payload, from);
    }
}
