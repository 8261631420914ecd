package dev.herald.application.service.clients;

import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.in.UnsubscribeUseCase;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.util.Optional;

public final class UnsubscribeService implements UnsubscribeUseCase {

    private final ClientRegistry clients;
    private final Subscriptions subscriptions;
    private final ClientChannel channel;
    private final Telemetry telemetry;

    public UnsubscribeService(ClientRegistry clients, Subscriptions subscriptions, ClientChannel channel, Telemetry telemetry) {
        this.clients = clients;
        this.subscriptions = subscriptions;
        this.channel = channel;
        this.telemetry = telemetry;
    }

    @Override
    public void unsubscribe(ClientId client, JobId jobId, Optional<RequestId> requestId) {
        telemetry.messageReceived("unsubscribe");
        clients.find(client).ifPresent(session -> {
            // closed before the reply is queued: no event of this job follows "unsubscribed"
            subscriptions.close(session, jobId);
            channel.send(client, new ServerMessage.Unsubscribed(jobId, requestId.map(RequestId::value)));
        });
    }
}
