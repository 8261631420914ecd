package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

import java.util.Objects;
import java.util.Optional;

/**
 * @param origin        the {@code Origin} header, when the client sent one
 * @param remoteAddress the client's address (after trusted-proxy resolution)
 * @param receiveOnly   the transport carries nothing from the client after the request (a
 *                      Server-Sent Events stream): the idle timeout, which counts inbound
 *                      messages, does not apply to it
 */
public record ConnectCommand(ClientId clientId, Optional<String> origin, String remoteAddress,
                             Credentials credentials, boolean receiveOnly) {

    /** A connection that talks both ways (a WebSocket). */
    public ConnectCommand(ClientId clientId, Optional<String> origin, String remoteAddress, Credentials credentials) {
        this(clientId, origin, remoteAddress, credentials, false);
    }

    public ConnectCommand {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(credentials, "credentials");
        origin = origin.filter(o -> !o.isBlank());
    }
}
