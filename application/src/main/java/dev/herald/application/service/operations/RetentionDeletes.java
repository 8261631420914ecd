package dev.herald.application.service.operations;

import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.domain.job.JobId;

/** Deletes below a seq batch by batch until done: each store call stays bounded. */
final class RetentionDeletes {

    private RetentionDeletes() {
    }

    /** All of the job's events below {@code beforeSeq}; the sum of the batches and the job's state after the last. */
    static Deletion deleteBefore(EventStore store, JobId jobId, long beforeSeq, int batchSize) {
        long deleted = 0;
        while (true) {
            Deletion batch = store.deleteBefore(jobId, beforeSeq, batchSize);
            deleted += batch.deleted();
            if (batch.deleted() == 0 || batch.reached(beforeSeq)) {
                return new Deletion(jobId, deleted, batch.firstSeq(), batch.headSeq());
            }
        }
    }
}
