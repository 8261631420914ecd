package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Evicts clients that sent nothing for too long. A zero timeout disables eviction. */
public record IdleTimeout(Duration timeout) {

    public static final Rejection REJECTION = Rejection.of(ErrorCode.IDLE_TIMEOUT, "Disconnected due to inactivity.");

    public IdleTimeout {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be >= 0 (0 = unlimited)");
        }
    }

    public static IdleTimeout ofMillis(long millis) {
        return new IdleTimeout(Duration.ofMillis(millis));
    }

    public boolean enabled() {
        return !timeout.isZero();
    }

    public boolean isIdle(Instant lastActivity, Instant now) {
        return enabled() && !now.isBefore(lastActivity.plus(timeout));
    }
}
