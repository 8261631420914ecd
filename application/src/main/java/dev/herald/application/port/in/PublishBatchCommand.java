package dev.herald.application.port.in;

import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several events of one job, published all or none, in this order.
 *
 * @param events         each payload already known to be valid JSON; how many a batch may hold is
 *                       the use case's rule
 * @param idempotencyKey the publisher's key: a repeat of this batch with it stores nothing new
 */
public record PublishBatchCommand(JobId jobId, List<NewEvent> events, Credentials credentials,
                                  Optional<IdempotencyKey> idempotencyKey) {

    public PublishBatchCommand {
        Objects.requireNonNull(jobId, "jobId");
        events = List.copyOf(events);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
