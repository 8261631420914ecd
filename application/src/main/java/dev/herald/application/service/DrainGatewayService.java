package dev.herald.application.service;

import dev.herald.application.port.in.DrainGatewayUseCase;

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

    DrainGatewayService(GatewayLifecycle lifecycle, ClientRegistry clients, ClientReplies replies) {
        this.lifecycle = lifecycle;
        this.clients = clients;
        this.replies = replies;
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
    public boolean drained() {
        return clients.size() == 0;
    }
}
