package dev.herald.domain.channel;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event of an ephemeral channel ({@link History#NONE}): relayed live to the channel's current
 * subscribers on every instance except the sending connection, never stored, never numbered, never
 * logged. {@code payload} is the sender's JSON text, opaque (often ciphertext).
 *
 * @param from the connection that published it; empty when a worker published it over REST
 */
public record RelayedEvent(JobId jobId, EventType eventType, Instant occurredAt, String payload,
                           Optional<Sender> from) {

    public RelayedEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(from, "from");
    }

    /** Was it published by {@code client}'s connection (which does not get it back)? */
    public boolean sentBy(dev.herald.domain.client.ClientId client) {
        return from.isPresent() && from.get().clientId().equals(client);
    }

    /** Records print their components: keep the payload out of any log line or exception message. */
    @Override
    public String toString() {
        return "RelayedEvent[jobId=" + jobId + ", eventType=" + eventType + ", occurredAt=" + occurredAt
                + ", payload=(" + payload.length() + " chars), from=" + from + "]";
    }
}
