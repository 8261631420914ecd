package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** @param afterSeq replay events after this seq; all events when empty */
public record SubscribeCommand(ClientId clientId, JobId jobId, OptionalLong afterSeq, Optional<RequestId> requestId) {

    public SubscribeCommand {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(afterSeq, "afterSeq");
        Objects.requireNonNull(requestId, "requestId");
        if (afterSeq.isPresent() && afterSeq.getAsLong() < 0) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "afterSeq must be an integer >= 0");
        }
    }

    public long cursorStart() {
        return afterSeq.orElse(0);
    }
}
