package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

import java.util.Optional;

/** Liveness from the client: answered with {@code pong}. */
public interface PingUseCase {

    void ping(ClientId client, Optional<RequestId> requestId);
}
