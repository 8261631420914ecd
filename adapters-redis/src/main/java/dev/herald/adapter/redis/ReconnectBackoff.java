package dev.herald.adapter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before each reconnect attempt: {@code initial * multiplier^(attempt - 1)},
 * capped at {@code max}, then shortened by up to {@code jitter} (a fraction) so that many gateway
 * instances that lost the broker together do not all come back in the same millisecond. Jitter
 * only shortens, so {@code max} stays a true upper bound. Defaults: 2 s, 4 s, 8 s, 16 s, 32 s, 32 s...
 *
 * @param jitter fraction in [0, 1): 0.2 means each delay is between 80 % and 100 % of the schedule
 */
public record ReconnectBackoff(Duration initial, Duration max, double multiplier, double jitter) {

    public ReconnectBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max delay must be >= the initial delay");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1");
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1)");
        }
    }

    public static ReconnectBackoff defaults() {
        return new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(32), 2.0, 0.2);
    }

    /**
     * The delay before attempt {@code attempt} (1 = the first attempt after a failure or a loss).
     *
     * @param random a value in [0, 1) from the jitter source; 0 gives the undiminished schedule
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        // pow overflows to infinity on a long outage, which the cap turns into max
        double scheduled = Math.min(initial.toMillis() * Math.pow(multiplier, attempt - 1.0), max.toMillis());
        return Duration.ofMillis(Math.round(scheduled * (1.0 - jitter * random)));
    }
}
