package dev.herald.domain.delivery;

/** What a {@link SubscriptionCursor} says about one offered event. */
public sealed interface CursorDecision {

    /** Send it: it is the next seq. The cursor has moved to it. */
    record Deliver(long seq) implements CursorDecision {
    }

    /** Already sent (or older): drop it silently. */
    record Duplicate(long seq) implements CursorDecision {
    }

    /**
     * Seqs in the open interval ({@code afterSeq}, {@code beforeSeq}) are missing: ask the store
     * for them before this event may be sent. The cursor has not moved.
     */
    record Gap(long afterSeq, long beforeSeq) implements CursorDecision {

        public long missing() {
            return beforeSeq - afterSeq - 1;
        }
    }
}
