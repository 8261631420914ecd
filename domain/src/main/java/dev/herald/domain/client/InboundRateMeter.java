package dev.herald.domain.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One client's inbound traffic against an {@link InboundRateLimit}. The first excess in a window
 * is a warning; a flood is sustained, and cut off, when the client either goes on to twice the
 * limit in the same window or exceeds it again in the very next window. After the cut-off every
 * message is dropped.
 *
 * <p>Not thread-safe: one meter per connection, fed in message order.
 */
public final class InboundRateMeter {

    private final InboundRateLimit limit;
    private Instant windowStart;
    private int messages;
    private long bytes;
    private boolean warnedThisWindow;
    private boolean warnedLastWindow;
    private boolean cutOff;

    public InboundRateMeter(InboundRateLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    public RateVerdict record(Instant now, long messageBytes) {
        if (cutOff) {
            // the connection is being closed: what it still sends is dropped, and said no more
            // (one cut-off line and one close, not one per message of a flood that goes on)
            return RateVerdict.DROP;
        }
        roll(now);
        messages++;
        bytes += messageBytes;
        if (!limit.overLimit(messages, bytes)) {
            return RateVerdict.ALLOW;
        }
        if (warnedLastWindow || limit.farOverLimit(messages, bytes)) {
            cutOff = true;
            return RateVerdict.CUT_OFF;
        }
        if (warnedThisWindow) {
            return RateVerdict.DROP;
        }
        warnedThisWindow = true;
        return RateVerdict.WARN;
    }

    private void roll(Instant now) {
        if (windowStart == null) {
            windowStart = now;
            return;
        }
        Instant windowEnd = windowStart.plus(limit.window());
        if (now.isBefore(windowEnd)) {
            return;
        }
        // a strike only carries over into the window right after it; a quiet window forgives it
        boolean nextWindow = now.isBefore(windowEnd.plus(limit.window()));
        warnedLastWindow = warnedThisWindow && nextWindow;
        warnedThisWindow = false;
        windowStart = now;
        messages = 0;
        bytes = 0;
    }
}
