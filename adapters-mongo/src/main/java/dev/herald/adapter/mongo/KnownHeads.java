package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The last seq this instance stored per job, for the most recently appended jobs. Only a hint for
 * the next append: it is checked against the database before use, because another instance may
 * have appended since, and data restored from a backup may end earlier.
 */
final class KnownHeads {

    private final int capacity;
    private final Map<JobId, Long> heads;
    /** The head each job's heads document was last advanced to by this instance. */
    private final Map<JobId, Long> hinted;

    KnownHeads(int capacity) {
        this.capacity = capacity;
        this.heads = new LinkedHashMap<>(64, 0.75f, true);
        this.hinted = new java.util.HashMap<>();
    }

    synchronized OptionalLong get(JobId jobId) {
        Long head = heads.get(jobId);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }

    synchronized void stored(JobId jobId, long seq) {
        heads.merge(jobId, seq, Math::max);
        if (heads.size() > capacity) {
            // access order: the first entry is the job appended to least recently
            JobId eldest = heads.keySet().iterator().next();
            heads.remove(eldest);
            hinted.remove(eldest);
        }
    }

    /**
     * Whether the job's heads document should be advanced to {@code stored} now: at this instance's
     * first append to the job, then once it has stored {@code stride} seqs or more since its last
     * advance. Records the advance when it says yes.
     */
    synchronized boolean hintDue(JobId jobId, long stored, int stride) {
        Long last = hinted.get(jobId);
        if (last != null && stored - last < stride) {
            return false;
        }
        hinted.put(jobId, stored);
        return true;
    }
}
