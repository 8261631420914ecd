package dev.herald.adapter.mongo;

/**
 * What one probe of a job's stored seqs found, starting at a hint: whether the hint itself is
 * stored, and up to which seq the stored seqs run on without a gap, looking no further than
 * {@code windowEnd}.
 *
 * @param from       the hint probed from; 0 for "no hint" (seq 0 never exists and needs no check)
 * @param fromStored whether seq {@code from} is stored (always true for 0)
 * @param end        the last seq of the gapless run {@code from+1, from+2, ...}; {@code from} if none
 * @param windowEnd  the last seq probed
 * @param openFrom   the first seq of an open batch that {@code end} belongs to (its last seq is not
 *                   stored: being written, or cut short), 0 when none
 */
record SeqRun(long from, boolean fromStored, long end, long windowEnd, long openFrom) {

    SeqRun(long from, boolean fromStored, long end, long windowEnd) {
        this(from, fromStored, end, windowEnd, 0);
    }

    /**
     * The head is known: the hint is stored and a missing seq was seen inside the window. Seqs are
     * stored in order (N + 1 only once N is), so nothing lies past the first missing one.
     */
    boolean settled() {
        return fromStored && end < windowEnd;
    }

    /**
     * The head; meaningful only when {@link #settled()}. An open batch is not part of it: its
     * events are not readable until it is whole.
     */
    long head() {
        return openFrom > 0 ? openFrom - 1 : end;
    }

    /** The last seq stored, open batch included: where an appender may not write. */
    long storedEnd() {
        return end;
    }
}
