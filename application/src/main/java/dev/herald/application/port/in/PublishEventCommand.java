package dev.herald.application.port.in;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;

import java.util.Objects;
import java.util.Optional;

/**
 * @param payload        the event's payload as JSON text, already known to be valid JSON
 * @param idempotencyKey the publisher's key: a repeat of this publish with it stores nothing new
 */
public record PublishEventCommand(JobId jobId, EventType eventType, String payload, Credentials credentials,
                                  Optional<IdempotencyKey> idempotencyKey) {

    public PublishEventCommand {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** A publish without a key. */
    public PublishEventCommand(JobId jobId, EventType eventType, String payload, Credentials credentials) {
        this(jobId, eventType, payload, credentials, Optional.empty());
    }
}
