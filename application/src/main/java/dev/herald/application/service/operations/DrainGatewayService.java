package dev.herald.application.service.operations;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DrainGatewayUseCase;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.application.service.clients.ClientRegistry;
import dev.herald.application.service.clients.ClientReplies;
import dev.herald.application.service.clients.ClientSession;
import dev.herald.application.service.clients.ConnectClientService;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.domain.auth.Scope;

import java.time.Clock;

import java.util.Optional;

/**
 * Refuses newcomers and tells every connected client to go elsewhere (they resume on another
 * instance with their {@code afterSeq}). Sessions leave the registry as their connections close.
 */
public final class DrainGatewayService implements DrainGatewayUseCase {

    private static final System.Logger LOG = System.getLogger(DrainGatewayService.class.getName());

    private final GatewayLifecycle lifecycle;
    private final ClientRegistry clients;
    private final ClientReplies replies;
    private final Authenticator authenticator;
    private final Clock clock;

    public DrainGatewayService(GatewayLifecycle lifecycle, ClientRegistry clients, ClientReplies replies,
                        Authenticator authenticator, Clock clock) {
        this.lifecycle = lifecycle;
        this.clients = clients;
        this.replies = replies;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public int requestDrain(Credentials credentials) {
        authenticator.authorize(credentials, Scope.ADMIN, clock.instant());
        int open = clients.size();
        beginDrain();
        return open;
    }

    @Override
    public void beginDrain() {
        lifecycle.startDraining();
        var sessions = clients.all();
        LOG.log(System.Logger.Level.INFO, () -> "Draining: refusing new connections, closing " + sessions.size());
        for (ClientSession session : sessions) {
            replies.reject(session.id(), ConnectClientService.SHUTTING_DOWN, Optional.empty(), Optional.empty());
        }
    }

    @Override
    public boolean draining() {
        return lifecycle.draining();
    }

    @Override
    public boolean drained() {
        return clients.size() == 0;
    }
}
