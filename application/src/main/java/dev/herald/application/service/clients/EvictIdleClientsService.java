package dev.herald.application.service.clients;

import dev.herald.application.port.in.EvictIdleClientsUseCase;
import dev.herald.domain.client.IdleTimeout;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Closes silent clients with {@code IDLE_TIMEOUT} (4408) and frees their slot at once. A
 * receive-only stream (SSE) is not judged: its client has no way to send anything; a client that
 * went away is found by the stream's heartbeat write failing.
 */
public final class EvictIdleClientsService implements EvictIdleClientsUseCase {

    private final IdleTimeout idleTimeout;
    private final ClientRegistry clients;
    private final DisconnectClientService disconnector;
    private final ClientReplies replies;
    private final Clock clock;

    public EvictIdleClientsService(IdleTimeout idleTimeout, ClientRegistry clients, DisconnectClientService disconnector,
                            ClientReplies replies, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clients = clients;
        this.disconnector = disconnector;
        this.replies = replies;
        this.clock = clock;
    }

    @Override
    public int evictIdle() {
        if (!idleTimeout.enabled()) {
            return 0;
        }
        Instant now = clock.instant();
        int evicted = 0;
        for (ClientSession session : clients.all()) {
            if (!session.isReceiveOnly() && idleTimeout.isIdle(session.lastActivity(), now)) {
                replies.reject(session.id(), IdleTimeout.REJECTION, Optional.empty(), Optional.empty());
                disconnector.disconnect(session.id(), "idle timeout");
                evicted++;
            }
        }
        return evicted;
    }
}
