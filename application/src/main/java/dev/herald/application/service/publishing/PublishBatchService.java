package dev.herald.application.service.publishing;

import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.PublishLimits;

import java.time.Clock;

/**
 * A batch: every event checked before any is stored (one too large refuses the whole batch), then
 * stored all or none and forwarded in order ({@link StoreThenForward}). Batches are for durable
 * channels: all or none and contiguous seqs mean nothing where nothing is stored.
 */
public final class PublishBatchService implements PublishBatchUseCase {

    private final StoreThenForward publishing;
    private final ChannelPolicy policy;
    private final Authenticator authenticator;
    private final EventSizeLimit sizeLimit;
    private final PublishLimits limits;
    private final Clock clock;

    public PublishBatchService(StoreThenForward publishing, ChannelPolicy policy, Authenticator authenticator,
                        EventSizeLimit sizeLimit, PublishLimits limits, Clock clock) {
        this.publishing = publishing;
        this.policy = policy;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public PublishedBatch publishBatch(PublishBatchCommand command) {
        authenticator.authorize(command.credentials(), Scope.PUBLISH, command.jobId(), clock.instant());
        if (policy.optionsFor(command.jobId()).ephemeral()) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "Channel " + command.jobId() + " keeps no history"
                    + " (namespace " + policy.namespaceLabel(command.jobId()) + "): publish its events one by one");
        }
        limits.checkBatchSize(command.events().size());
        for (NewEvent event : command.events()) {
            sizeLimit.check(event.eventType(), event.payload());
        }
        AppendResult result = publishing.publish(command.jobId(), command.events(), command.idempotencyKey());
        return new PublishedBatch(result.jobId(), result.firstSeq(), result.lastSeq(), result.occurredAt(),
                result.replayed());
    }
}
