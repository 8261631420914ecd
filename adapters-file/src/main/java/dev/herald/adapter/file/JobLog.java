package dev.herald.adapter.file;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the store keeps in memory of one job: where its records are and the facts about it.
 *
 * <p>Two parts, two guards. What appenders decide under the store's lock: the last seq handed out
 * ({@link #assignedHead}) and the job's keys. What readers see, under this object's monitor: the
 * records stored so far, one entry each (its position, 8 bytes, and its first seq as an int offset
 * from the job's first, 4 bytes: 12 bytes per record, so per event for single appends and 12 / n
 * for batches of n), plus the head and the facts. A record enters the visible part only once it is
 * in the file, and records enter in seq order, so a reader never sees a hole or part of a batch.
 */
final class JobLog {

    private static final int FIRST_CAPACITY = 4;
    /** The seq offsets are ints: a job holds at most this many events. */
    static final long MAX_SEQ = Integer.MAX_VALUE;

    final JobId jobId;

    // guarded by the store's lock
    long assignedHead;
    JobKeys keys;

    // guarded by this
    private long[] positions = new long[FIRST_CAPACITY];
    private int[] seqOffsets = new int[FIRST_CAPACITY];
    private int records;
    /** Records before this index hold only deleted seqs (retention); compacted away now and then. */
    private int firstRecord;
    private long firstEventAtMillis;
    private long lastEventAtMillis;
    private EventType lastEventType;
    /** What the seq offsets count from. */
    private final long baseSeq = 1;
    /** The lowest seq not deleted; {@code head + 1} when all are. */
    private volatile long first = 1;
    private volatile long head;

    JobLog(JobId jobId) {
        this.jobId = jobId;
    }

    JobKeys keys() {
        if (keys == null) {
            keys = new JobKeys();
        }
        return keys;
    }

    long head() {
        return head;
    }

    /** A stored record becomes visible: it must hold the seqs right after the head. */
    synchronized void add(long position, long firstSeq, int count, long occurredAtMillis, EventType lastType) {
        if (firstSeq != head + 1) {
            throw new IllegalStateException("job " + jobId + " has head " + head + ", a record cannot start at "
                    + firstSeq);
        }
        if (records == positions.length) {
            int capacity = records + (records >> 1) + 1;
            positions = Arrays.copyOf(positions, capacity);
            seqOffsets = Arrays.copyOf(seqOffsets, capacity);
        }
        positions[records] = position;
        seqOffsets[records] = (int) (firstSeq - baseSeq);
        records++;
        if (first > head) {
            firstEventAtMillis = occurredAtMillis;
        }
        lastEventAtMillis = occurredAtMillis;
        lastEventType = lastType;
        head = firstSeq + count - 1;
    }

    synchronized Optional<JobFacts> facts() {
        if (first > head) {
            return Optional.empty();
        }
        return Optional.of(new JobFacts(jobId, head, head - first + 1, Instant.ofEpochMilli(firstEventAtMillis),
                Instant.ofEpochMilli(lastEventAtMillis), lastEventType));
    }

    /** The records holding seqs {@code from..to} (both within the head), in order. */
    record Span(long[] positions, long[] firstSeqs, long from, long to) {
    }

    /** The span of seqs {@code from..to}, {@code from} raised to the first seq not deleted; null when none is left. */
    synchronized Span locate(long wantedFrom, long to) {
        long from = Math.max(wantedFrom, this.first);
        if (from > to) {
            return null;
        }
        int first = recordHolding(from);
        int last = recordHolding(to);
        int n = last - first + 1;
        long[] firstSeqs = new long[n];
        for (int i = 0; i < n; i++) {
            firstSeqs[i] = baseSeq + seqOffsets[first + i];
        }
        return new Span(Arrays.copyOfRange(positions, first, last + 1), firstSeqs, from, to);
    }

    /**
     * Retention: the seqs below {@code newFirst} (at most the head + 1) are deleted; the head stays.
     *
     * @return the position and first seq of the record now holding the first seq, or null when
     *         nothing is left (the caller reads the first event's time from it: {@link #firstEventAt})
     */
    synchronized Span dropBefore(long newFirst) {
        long target = Math.min(newFirst, head + 1);
        if (target <= first) {
            return target <= head ? locate(first, first) : null;
        }
        first = target;
        while (firstRecord < records && (firstRecord + 1 == records
                ? head < first : baseSeq + seqOffsets[firstRecord + 1] <= first)) {
            firstRecord++;
        }
        if (firstRecord > 64 && firstRecord > records / 2) {
            // the dropped entries would otherwise stay for the job's life
            System.arraycopy(positions, firstRecord, positions, 0, records - firstRecord);
            System.arraycopy(seqOffsets, firstRecord, seqOffsets, 0, records - firstRecord);
            records -= firstRecord;
            firstRecord = 0;
        }
        return first <= head ? locate(first, first) : null;
    }

    /** The time of the first event kept, read by the caller from its record after a drop. */
    synchronized void firstEventAt(long firstSeq, long occurredAtMillis) {
        if (firstSeq == first) {
            firstEventAtMillis = occurredAtMillis;
        }
    }

    private int recordHolding(long seq) {
        int offset = (int) (seq - baseSeq);
        int found = Arrays.binarySearch(seqOffsets, firstRecord, records, offset);
        // not a record's first seq: the record before the insertion point holds it
        return found >= 0 ? found : -found - 2;
    }

    long firstSeq() {
        return first;
    }
}
