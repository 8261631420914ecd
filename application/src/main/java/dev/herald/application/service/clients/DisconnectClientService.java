package dev.herald.application.service.clients;

import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;

public final class DisconnectClientService implements DisconnectClientUseCase {

    private static final System.Logger LOG = System.getLogger(DisconnectClientService.class.getName());

    private final ClientRegistry clients;
    private final Subscriptions subscriptions;
    private final Telemetry telemetry;

    public DisconnectClientService(ClientRegistry clients, Subscriptions subscriptions, Telemetry telemetry) {
        this.clients = clients;
        this.subscriptions = subscriptions;
        this.telemetry = telemetry;
    }

    @Override
    public void disconnect(ClientId client, String reason) {
        clients.remove(client).ifPresent(session -> {
            subscriptions.closeAll(session);
            telemetry.connectionClosed(client);
            LOG.log(System.Logger.Level.INFO, () -> "Connection closed: client " + client + " reason " + reason
                    + " (total " + clients.size() + ")");
        });
    }
}
