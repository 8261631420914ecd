package dev.herald.application.service.clients;

import dev.herald.application.port.in.PingUseCase;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;

import java.util.Optional;

/** Answers {@code ping}; the activity itself was recorded when the frame was admitted. */
public final class PingService implements PingUseCase {

    private final ClientRegistry clients;
    private final ClientChannel channel;
    private final Telemetry telemetry;

    public PingService(ClientRegistry clients, ClientChannel channel, Telemetry telemetry) {
        this.clients = clients;
        this.channel = channel;
        this.telemetry = telemetry;
    }

    @Override
    public void ping(ClientId client, Optional<RequestId> requestId) {
        telemetry.messageReceived("ping");
        if (clients.find(client).isPresent()) {
            channel.send(client, new ServerMessage.Pong(requestId.map(RequestId::value)));
        }
    }
}
