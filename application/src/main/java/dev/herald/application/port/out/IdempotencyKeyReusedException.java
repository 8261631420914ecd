package dev.herald.application.port.out;

import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;

/** The key was used before, for the same job, with other events: nothing was stored. */
public final class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(JobId jobId, IdempotencyKey key) {
        super("Idempotency-Key " + key + " was used for job " + jobId + " with a different body");
    }
}
