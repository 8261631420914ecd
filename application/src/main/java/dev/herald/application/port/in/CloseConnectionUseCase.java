package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

/**
 * {@code DELETE /api/admin/clients/{clientId}}: an operator closes one connection, wherever it is
 * ({@code DISCONNECTED}, close 4410). Behind the admin guard.
 */
public interface CloseConnectionUseCase {

    /** @return the connection closed (none when no instance holds it) and the instances that answered */
    ClusterConnections close(ClientId clientId);
}
