package dev.herald.application.service.clients;

import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.Rejection;

import java.time.Clock;
import java.util.Optional;

/** Authorizes and caps a subscribe request, then hands it to {@link Subscriptions}. */
public final class SubscribeService implements SubscribeUseCase {

    private final ClientRegistry clients;
    private final Subscriptions subscriptions;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public SubscribeService(ClientRegistry clients, Subscriptions subscriptions, ClientReplies replies, Telemetry telemetry,
                     Clock clock) {
        this.clients = clients;
        this.subscriptions = subscriptions;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public void subscribe(SubscribeCommand command) {
        telemetry.messageReceived("subscribe");
        clients.find(command.clientId()).ifPresent(session -> {
            Optional<String> requestId = command.requestId().map(RequestId::value);
            Optional<Rejection> rejection = session.grant().authorize(Scope.SUBSCRIBE, command.jobId(), clock.instant())
                    .or(() -> subscriptions.open(session, command.jobId(), command.cursorStart(), requestId));
            rejection.ifPresent(r -> replies.reject(session.id(), r, Optional.of(command.jobId()), requestId));
        });
    }
}
