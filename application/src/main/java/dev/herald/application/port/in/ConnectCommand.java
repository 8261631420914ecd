package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

import java.util.Objects;
import java.util.Optional;

/**
 * @param origin        the {@code Origin} header, when the client sent one
 * @param remoteAddress the client's address (after trusted-proxy resolution)
 */
public record ConnectCommand(ClientId clientId, Optional<String> origin, String remoteAddress,
                             Credentials credentials) {

    public ConnectCommand {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(credentials, "credentials");
        origin = origin.filter(o -> !o.isBlank());
    }
}
