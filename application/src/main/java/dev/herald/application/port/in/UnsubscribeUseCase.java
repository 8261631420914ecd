package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/** A client leaves a job's room; replies {@code unsubscribed} (also when it did not hold the job). */
public interface UnsubscribeUseCase {

    void unsubscribe(ClientId client, JobId jobId, Optional<RequestId> requestId);
}
