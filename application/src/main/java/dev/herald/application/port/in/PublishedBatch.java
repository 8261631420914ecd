package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

import java.time.Instant;

/**
 * The seqs a batch holds, {@code firstSeq..lastSeq}, contiguous.
 *
 * @param replayed the batch repeated a key: nothing was stored now, these are the first batch's seqs and time
 */
public record PublishedBatch(JobId jobId, long firstSeq, long lastSeq, Instant occurredAt, boolean replayed) {

    public int count() {
        return (int) (lastSeq - firstSeq + 1);
    }
}
