package dev.herald.domain.delivery;

/**
 * The heart of exactly-once, in-order delivery for one subscription. Fed with events from a
 * catch-up and from live input in any interleaving (with duplicates, reordering and losses), it
 * lets through only the next seq. Its output is therefore strictly increasing and contiguous from
 * {@code afterSeq + 1}, whatever the input.
 *
 * <p>Not thread-safe: its owner serializes access.
 */
public final class SubscriptionCursor {

    private long lastDelivered;

    public SubscriptionCursor(long afterSeq) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0");
        }
        this.lastDelivered = afterSeq;
    }

    public CursorDecision offer(long seq) {
        if (seq <= lastDelivered) {
            return new CursorDecision.Duplicate(seq);
        }
        if (seq == lastDelivered + 1) {
            lastDelivered = seq;
            return new CursorDecision.Deliver(seq);
        }
        return new CursorDecision.Gap(lastDelivered, seq);
    }

    /**
     * Retention deleted the seqs before {@code firstStoredSeq}: they can never be delivered, so the
     * cursor continues from there. False (and no change) when nothing it still waits for is gone.
     */
    public boolean skipDeleted(long firstStoredSeq) {
        if (firstStoredSeq - 1 <= lastDelivered) {
            return false;
        }
        lastDelivered = firstStoredSeq - 1;
        return true;
    }

    /** The highest seq delivered so far (the {@code afterSeq} a client would resume from). */
    public long lastDelivered() {
        return lastDelivered;
    }

    /** True when {@code headSeq} is ahead of what was delivered. */
    public boolean isBehind(long headSeq) {
        return headSeq > lastDelivered;
    }
}
