package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;

import java.util.Objects;
import java.util.Optional;

/**
 * A connected client's {@code publish} request.
 *
 * @param payload the event's payload as JSON text, already known to be valid JSON
 */
public record ClientPublishCommand(ClientId clientId, JobId jobId, EventType eventType, String payload,
                                   Optional<RequestId> requestId) {

    public ClientPublishCommand {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** Records print their components: keep the payload out of any log line. */
    @Override
    public String toString() {
        return "ClientPublishCommand[clientId=" + clientId + ", jobId=" + jobId + ", eventType=" + eventType
                + ", payload=(" + payload.length() + " chars), requestId=" + requestId + "]";
    }
}
