package dev.herald.application.port.out;

import dev.herald.domain.job.JobId;

import java.time.Instant;

/**
 * The seqs an append holds. {@code replayed}: the append's key was used before for the same
 * events, so nothing was stored now and these are the first append's seqs and time.
 */
public record AppendResult(JobId jobId, long firstSeq, long lastSeq, Instant occurredAt, boolean replayed) {

    public AppendResult {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("seqs " + firstSeq + ".." + lastSeq);
        }
    }

    public int count() {
        return (int) (lastSeq - firstSeq + 1);
    }
}
