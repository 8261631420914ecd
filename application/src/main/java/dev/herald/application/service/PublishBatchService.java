package dev.herald.application.service;

import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.out.AppendResult;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.PublishLimits;

import java.time.Clock;

/**
 * A batch: every event checked before any is stored (one too large refuses the whole batch), then
 * stored all or none and forwarded in order ({@link StoreThenForward}).
 */
public final class PublishBatchService implements PublishBatchUseCase {

    private final StoreThenForward publishing;
    private final Authenticator authenticator;
    private final EventSizeLimit sizeLimit;
    private final PublishLimits limits;
    private final Clock clock;

    PublishBatchService(StoreThenForward publishing, Authenticator authenticator, EventSizeLimit sizeLimit,
                        PublishLimits limits, Clock clock) {
        this.publishing = publishing;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public PublishedBatch publishBatch(PublishBatchCommand command) {
        authenticator.authorize(command.credentials(), Scope.PUBLISH, command.jobId(), clock.instant());
        limits.checkBatchSize(command.events().size());
        for (NewEvent event : command.events()) {
            sizeLimit.check(event.eventType(), event.payload());
        }
        AppendResult result = publishing.publish(command.jobId(), command.events(), command.idempotencyKey());
        return new PublishedBatch(result.jobId(), result.firstSeq(), result.lastSeq(), result.occurredAt(),
                result.replayed());
    }
}
