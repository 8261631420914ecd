package dev.herald.domain.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Messages and bytes one client may send per window (fixed windows, started by the client's first
 * message). Zero for a bound means that bound is not enforced.
 */
public record InboundRateLimit(int maxMessages, long maxBytes, Duration window) {

    public InboundRateLimit {
        Objects.requireNonNull(window, "window");
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("rate bounds must be >= 0 (0 = unlimited)");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rate window must be positive");
        }
    }

    public static InboundRateLimit defaults() {
        return new InboundRateLimit(200, 1024 * 1024, Duration.ofSeconds(10));
    }

    public boolean overLimit(int messages, long bytes) {
        return (maxMessages > 0 && messages > maxMessages) || (maxBytes > 0 && bytes > maxBytes);
    }

    /** Twice the limit in one window: the client ignored its warning. */
    public boolean farOverLimit(int messages, long bytes) {
        return (maxMessages > 0 && messages > 2L * maxMessages) || (maxBytes > 0 && bytes > 2 * maxBytes);
    }
}
