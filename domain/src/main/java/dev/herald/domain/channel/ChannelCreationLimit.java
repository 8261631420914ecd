package dev.herald.domain.channel;

import dev.herald.domain.client.AddressWindowLimit;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * New ephemeral channels one client address may create per window (the first subscriber of a
 * channel with no member creates it). The relay runbook's guard against an address that opens room
 * after room to fill memory or to scan for rooms. Zero means unlimited.
 */
public record ChannelCreationLimit(int maxPerWindow, Duration window) implements AddressWindowLimit {

    public static final Duration PER_MINUTE = Duration.ofMinutes(1);

    static final Rejection TOO_MANY = Rejection.of(ErrorCode.RATE_LIMITED,
            "Too many new channels from this address; retry later");

    public ChannelCreationLimit {
        Objects.requireNonNull(window, "window");
        if (maxPerWindow < 0) {
            throw new IllegalArgumentException("channel creations per window must be >= 0 (0 = unlimited)");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("channel creation window must be positive");
        }
    }

    public static ChannelCreationLimit unlimited() {
        return new ChannelCreationLimit(0, PER_MINUTE);
    }

    public static ChannelCreationLimit perMinute(int max) {
        return new ChannelCreationLimit(max, PER_MINUTE);
    }

    @Override
    public boolean enabled() {
        return maxPerWindow > 0;
    }

    /** @param creationsInWindow creations by the address in the current window, this one included */
    @Override
    public Optional<Rejection> check(int creationsInWindow) {
        if (!enabled() || creationsInWindow <= maxPerWindow) {
            return Optional.empty();
        }
        return Optional.of(TOO_MANY);
    }
}
