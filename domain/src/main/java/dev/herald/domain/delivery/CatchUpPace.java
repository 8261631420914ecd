package dev.herald.domain.delivery;

import java.time.Duration;

/**
 * A catch-up goes at the client's pace: the next page is read only while the client has room for
 * it, and a client that has had no room for {@code stallLimit} has stopped reading and is cut off
 * (it resumes with {@code afterSeq}), so that one stalled reader does not hold a subscription's
 * pump forever. Time comes in as a value.
 *
 * <p>Not thread-safe: one pump at a time uses it.
 */
public final class CatchUpPace {

    /** What the pump does next. */
    public enum Step {
        /** The client has room: read and send the next page. */
        READ,
        /** No room yet: look again shortly. */
        WAIT,
        /** No room for the whole stall limit: the client stopped reading. */
        CUT_OFF
    }

    private final long stallLimitMillis;
    private long waitingSince = -1;

    /** @param stallLimit zero (or less) cuts off at the first look without room */
    public CatchUpPace(Duration stallLimit) {
        this.stallLimitMillis = stallLimit.toMillis();
    }

    /** @param nowMillis the time of this look, from the caller's clock */
    public Step next(boolean clientHasRoom, long nowMillis) {
        if (clientHasRoom) {
            waitingSince = -1;
            return Step.READ;
        }
        if (waitingSince < 0) {
            waitingSince = nowMillis;
        }
        return nowMillis - waitingSince >= stallLimitMillis ? Step.CUT_OFF : Step.WAIT;
    }
}
