package dev.herald.loadtest.measure;

import java.util.BitSet;

/**
 * What one subscription received of one job, by seq: duplicates (a seq seen again), out-of-order
 * arrivals (a seq lower than one already seen) and the highest seq up to which nothing is missing.
 * Drops are counted against the seqs the publisher was given, at the end.
 */
public final class SeqTracker {

    private final long afterSeq;
    private final BitSet seen = new BitSet();
    private long maxSeen;
    private long contiguousHigh;
    private long received;
    private long duplicates;
    private long outOfOrder;

    public SeqTracker(long afterSeq) {
        this.afterSeq = afterSeq;
        this.maxSeen = afterSeq;
        this.contiguousHigh = afterSeq;
    }

    /** Records a seq; returns false when it is a duplicate. */
    public synchronized boolean record(long seq) {
        received++;
        if (seq <= afterSeq) {
            duplicates++; // the contract never sends seq <= afterSeq: count it with duplicates
            return false;
        }
        int bit = (int) (seq - afterSeq);
        if (seen.get(bit)) {
            duplicates++;
            return false;
        }
        seen.set(bit);
        if (seq < maxSeen) {
            outOfOrder++;
        }
        maxSeen = Math.max(maxSeen, seq);
        while (seen.get((int) (contiguousHigh - afterSeq + 1))) {
            contiguousHigh++;
        }
        return true;
    }

    /** Whether {@link #record} would take this seq as a first delivery (not a duplicate). */
    public synchronized boolean isNew(long seq) {
        return seq > afterSeq && !seen.get((int) (seq - afterSeq));
    }

    public synchronized boolean has(long seq) {
        return seq > afterSeq && seen.get((int) (seq - afterSeq));
    }

    public synchronized long contiguousHigh() {
        return contiguousHigh;
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    public long afterSeq() {
        return afterSeq;
    }
}
