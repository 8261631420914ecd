package dev.herald.domain.presence;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an instance's members outlive its last sign of life: the bound within which a member
 * of a stopped or dead instance leaves presence. Each instance renews its lease every
 * {@link #refreshInterval()}, a third of it, so that one late or lost renewal does not make a live
 * instance's members vanish.
 */
public record PresenceTtl(Duration duration) {

    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final Duration MINIMUM = Duration.ofMillis(300);

    public PresenceTtl {
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException("the presence TTL must be at least " + MINIMUM.toMillis() + " ms");
        }
    }

    public static PresenceTtl defaults() {
        return new PresenceTtl(DEFAULT);
    }

    public static PresenceTtl ofMillis(long millis) {
        return new PresenceTtl(Duration.ofMillis(millis));
    }

    public Duration refreshInterval() {
        return duration.dividedBy(3);
    }
}
