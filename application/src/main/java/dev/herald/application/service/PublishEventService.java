package dev.herald.application.service;

import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.out.AppendResult;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.NewEvent;

import java.time.Clock;
import java.util.List;

/** One event: checked, then stored and forwarded ({@link StoreThenForward}). */
public final class PublishEventService implements PublishEventUseCase {

    private final StoreThenForward publishing;
    private final Authenticator authenticator;
    private final EventSizeLimit sizeLimit;
    private final Clock clock;

    PublishEventService(StoreThenForward publishing, Authenticator authenticator, EventSizeLimit sizeLimit, Clock clock) {
        this.publishing = publishing;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.clock = clock;
    }

    @Override
    public PublishedEvent publish(PublishEventCommand command) {
        // rejections are counted by the edge that answers the caller
        authenticator.authorize(command.credentials(), Scope.PUBLISH, command.jobId(), clock.instant());
        sizeLimit.check(command.eventType(), command.payload());
        AppendResult result = publishing.publish(command.jobId(),
                List.of(new NewEvent(command.eventType(), command.payload())), command.idempotencyKey());
        return new PublishedEvent(result.jobId(), result.firstSeq(), result.occurredAt(), result.replayed());
    }
}
