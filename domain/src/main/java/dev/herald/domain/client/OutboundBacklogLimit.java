package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/**
 * How much may wait, unsent, for one client before it counts as a slow consumer and is cut off,
 * so that one stalled reader cannot hold the gateway's memory. Zero for a bound means unbounded.
 */
public record OutboundBacklogLimit(int maxMessages, long maxBytes) {

    static final Rejection SLOW = Rejection.of(ErrorCode.SLOW_CONSUMER,
            "Outbound backlog over the limit; resubscribe with afterSeq to resume");

    public OutboundBacklogLimit {
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("backlog bounds must be >= 0 (0 = unbounded)");
        }
    }

    public static OutboundBacklogLimit defaults() {
        return new OutboundBacklogLimit(5_000, 4L * 1024 * 1024);
    }

    public Optional<Rejection> check(int queuedMessages, long queuedBytes) {
        if ((maxMessages > 0 && queuedMessages > maxMessages) || (maxBytes > 0 && queuedBytes > maxBytes)) {
            return Optional.of(SLOW);
        }
        return Optional.empty();
    }

    /**
     * A backlog below half of each bound is low enough to feed more catch-up into, leaving room
     * for live events meanwhile.
     */
    public boolean hasRoom(int queuedMessages, long queuedBytes) {
        return (maxMessages == 0 || queuedMessages <= maxMessages / 2)
                && (maxBytes == 0 || queuedBytes <= maxBytes / 2);
    }
}
