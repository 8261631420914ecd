package dev.herald.application.service.publishing;

import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.NewEvent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One event: checked, then stored and forwarded ({@link StoreThenForward}); in an ephemeral
 * namespace, relayed live without being stored ({@link EphemeralRelay}).
 */
public final class PublishEventService implements PublishEventUseCase {

    private final StoreThenForward publishing;
    private final EphemeralRelay relay;
    private final ChannelPolicy policy;
    private final Authenticator authenticator;
    private final EventSizeLimit sizeLimit;
    private final Clock clock;

    public PublishEventService(StoreThenForward publishing, EphemeralRelay relay, ChannelPolicy policy,
                        Authenticator authenticator, EventSizeLimit sizeLimit, Clock clock) {
        this.publishing = publishing;
        this.relay = relay;
        this.policy = policy;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.clock = clock;
    }

    @Override
    public PublishedEvent publish(PublishEventCommand command) {
        // rejections are counted by the edge that answers the caller
        authenticator.authorize(command.credentials(), Scope.PUBLISH, command.jobId(), clock.instant());
        sizeLimit.check(command.eventType(), command.payload());
        if (policy.optionsFor(command.jobId()).ephemeral()) {
            if (command.idempotencyKey().isPresent()) {
                throw new RejectedException(ErrorCode.BAD_REQUEST, "Channel " + command.jobId() + " keeps no history"
                        + " (namespace " + policy.namespaceLabel(command.jobId()) + "): an Idempotency-Key cannot be"
                        + " remembered for it");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            relay.relay(new RelayedEvent(command.jobId(), command.eventType(), now, command.payload(), Optional.empty()));
            return PublishedEvent.relayed(command.jobId(), now);
        }
        AppendResult result = publishing.publish(command.jobId(),
                List.of(new NewEvent(command.eventType(), command.payload())), command.idempotencyKey());
        return new PublishedEvent(result.jobId(), result.firstSeq(), result.occurredAt(), result.replayed());
    }
}
