package dev.herald.domain.delivery;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The events of one subscription that arrived ahead of its {@link SubscriptionCursor}: held until
 * the seqs before them are delivered, then released in order through the cursor. Together they
 * turn any interleaving of (reordered, duplicated, partly lost) input into each seq once, in order.
 *
 * <p>Bounded: beyond {@code limit} held events a new one is dropped and {@link #overflowed()} says
 * so; the owner then reads the dropped seqs from the store (they are stored before they are
 * published), so the bound costs a read, never an event.
 *
 * <p>Not thread-safe: its owner serializes access (the same lock as for the cursor it shares).
 *
 * @param <T> what is held per seq (the message to send once its turn comes)
 */
public final class ReorderBuffer<T> {

    private final SubscriptionCursor cursor;
    private final int limit;
    private final TreeMap<Long, T> held = new TreeMap<>();
    private boolean overflowed;

    /** A buffer ahead of {@code cursor}, which it moves as it releases; its owner may move it too. */
    public ReorderBuffer(SubscriptionCursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.cursor = cursor;
        this.limit = limit;
    }

    /**
     * An event that may pass at once: delivered if it is the next seq (followed by the held events
     * it caught up with), held if it skips ahead, dropped if already delivered. The decision is the
     * cursor's for {@code seq} itself; a {@link CursorDecision.Gap} means it is held (or, beyond the
     * bound, dropped and {@link #overflowed()}).
     */
    public CursorDecision offer(long seq, T item, Consumer<? super T> deliver) {
        CursorDecision decision = cursor.offer(seq);
        if (decision instanceof CursorDecision.Deliver) {
            deliver.accept(item);
            release(deliver);
        } else if (decision instanceof CursorDecision.Gap) {
            hold(seq, item);
        }
        return decision;
    }

    /** Keeps an event for later (while the owner is not ready to deliver), unless already delivered. */
    public void hold(long seq, T item) {
        if (seq <= cursor.lastDelivered()) {
            return;
        }
        if (held.size() >= limit && !held.containsKey(seq)) {
            overflowed = true;
            return;
        }
        held.put(seq, item);
    }

    /**
     * Delivers, in order, the held events that continue the cursor, and forgets those it has passed
     * (delivered otherwise, e.g. read from the store). Returns how many it delivered.
     */
    public int release(Consumer<? super T> deliver) {
        dropDelivered();
        int released = 0;
        while (!held.isEmpty() && held.firstKey() == cursor.lastDelivered() + 1) {
            Map.Entry<Long, T> next = held.pollFirstEntry();
            cursor.offer(next.getKey());
            deliver.accept(next.getValue());
            released++;
        }
        return released;
    }

    /** Forgets the held events the cursor has passed. */
    public void dropDelivered() {
        held.headMap(cursor.lastDelivered(), true).clear();
    }

    /** The lowest held seq: the end of the gap before the held events. */
    public OptionalLong firstHeld() {
        return held.isEmpty() ? OptionalLong.empty() : OptionalLong.of(held.firstKey());
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    public int size() {
        return held.size();
    }

    /** True when nothing is held and nothing was dropped for the bound: no event waits on a gap. */
    public boolean isSettled() {
        return held.isEmpty() && !overflowed;
    }

    /** True when an event was dropped for the bound since the last {@link #clearOverflow()}. */
    public boolean overflowed() {
        return overflowed;
    }

    /** The owner is about to read from the store what was dropped for the bound. */
    public void clearOverflow() {
        overflowed = false;
    }

    /** Forgets everything held (the subscription ended). */
    public void clear() {
        held.clear();
    }
}
