package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

import java.util.Objects;
import java.util.Optional;

/** A client's {@code refresh}: the token it wants its connection to go on with. */
public record RefreshCommand(ClientId clientId, Credentials credentials, Optional<RequestId> requestId) {

    public RefreshCommand {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(requestId, "requestId");
    }
}
