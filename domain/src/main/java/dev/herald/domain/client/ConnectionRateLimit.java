package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * New connections one client address may open per window (fixed windows from its first attempt),
 * successful or not: a reconnect storm or a token-guessing loop from one address is slowed down
 * before it costs a token check. Zero means unlimited.
 */
public record ConnectionRateLimit(int maxPerWindow, Duration window) implements AddressWindowLimit {

    static final Rejection TOO_FAST = Rejection.of(ErrorCode.IP_LIMIT,
            "Too many new connections from this address; retry later");

    public ConnectionRateLimit {
        Objects.requireNonNull(window, "window");
        if (maxPerWindow < 0) {
            throw new IllegalArgumentException("connection rate must be >= 0 (0 = unlimited)");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("connection rate window must be positive");
        }
    }

    public static ConnectionRateLimit unlimited() {
        return new ConnectionRateLimit(0, Duration.ofMinutes(1));
    }

    @Override
    public boolean enabled() {
        return maxPerWindow > 0;
    }

    /** @param attemptsInWindow attempts from the address in the current window, this one included */
    @Override
    public Optional<Rejection> check(int attemptsInWindow) {
        if (!enabled() || attemptsInWindow <= maxPerWindow) {
            return Optional.empty();
        }
        return Optional.of(TOO_FAST);
    }
}
