package dev.herald.domain.job;

import dev.herald.domain.client.ClientId;

import java.util.Objects;
import java.util.Optional;

/**
 * Who published an event over the WebSocket: the connection, and the user its token names (the
 * token's {@code sub}; empty with auth off or a token without one). Carried with the event to every
 * subscriber ({@code from} on the wire) and, in durable namespaces, stored with it. Events a worker
 * publishes over REST have no sender.
 */
public record Sender(ClientId clientId, Optional<String> user) {

    public Sender {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
    }
}
