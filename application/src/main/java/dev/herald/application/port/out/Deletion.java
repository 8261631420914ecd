package dev.herald.application.port.out;

import dev.herald.domain.job.JobId;

import java.util.Objects;

/**
 * What one retention delete did to a job.
 *
 * @param deleted  how many events this call deleted
 * @param firstSeq the job's lowest stored seq afterwards ({@code headSeq + 1} when none is left)
 * @param headSeq  the job's head afterwards: deleting never lowers it, seqs are never reused
 */
public record Deletion(JobId jobId, long deleted, long firstSeq, long headSeq) {

    public Deletion {
        Objects.requireNonNull(jobId, "jobId");
        if (deleted < 0 || firstSeq < 1 || headSeq < firstSeq - 1) {
            throw new IllegalArgumentException("impossible deletion: " + deleted + " deleted, first " + firstSeq
                    + ", head " + headSeq);
        }
    }

    /** Nothing left to delete below {@code beforeSeq}. */
    public boolean reached(long beforeSeq) {
        return firstSeq >= Math.min(beforeSeq, headSeq + 1);
    }
}
