package dev.herald.application.port.in;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;

import java.util.Objects;

/** @param payload the event's payload as JSON text, already known to be valid JSON */
public record PublishEventCommand(JobId jobId, EventType eventType, String payload, Credentials credentials) {

    public PublishEventCommand {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(credentials, "credentials");
    }
}
