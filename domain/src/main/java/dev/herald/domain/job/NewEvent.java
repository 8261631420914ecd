package dev.herald.domain.job;

import java.util.Objects;

/**
 * An event as a publisher sends it, before the store gives it a seq.
 *
 * @param payload the payload's JSON text
 */
public record NewEvent(EventType eventType, String payload) {

    public NewEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
    }

    public JobEvent stored(JobId jobId, long seq, java.time.Instant occurredAt) {
        return new JobEvent(jobId, seq, eventType, occurredAt, payload);
    }
}
