package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

/** The connection is gone (whoever closed it): release its slot and its subscriptions. Idempotent. */
public interface DisconnectClientUseCase {

    void disconnect(ClientId client, String reason);
}
