package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleTimeoutTest {

    private static final Instant LAST = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void contractCodeAndMessage() {
        assertThat(IdleTimeout.REJECTION.code()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
        assertThat(IdleTimeout.REJECTION.code().closeCode()).hasValue(4408);
        assertThat(IdleTimeout.REJECTION.message()).isEqualTo("Disconnected due to inactivity.");
    }

    @Test
    void zeroDisablesEviction() {
        IdleTimeout off = IdleTimeout.ofMillis(0);
        assertThat(off.enabled()).isFalse();
        assertThat(off.isIdle(LAST, LAST)).isFalse();
        assertThat(off.isIdle(LAST, LAST.plus(Duration.ofDays(365 * 100)))).isFalse();
        assertThat(new IdleTimeout(Duration.ZERO).isIdle(Instant.EPOCH, LAST)).isFalse();
    }

    @Test
    void idleExactlyAtLastActivityPlusTimeout() {
        IdleTimeout timeout = IdleTimeout.ofMillis(30_000);
        assertThat(timeout.enabled()).isTrue();
        assertThat(timeout.isIdle(LAST, LAST.plusMillis(30_000))).isTrue();
        assertThat(timeout.isIdle(LAST, LAST.plusMillis(30_001))).isTrue();
        assertThat(timeout.isIdle(LAST, LAST.plus(Duration.ofHours(5)))).isTrue();
    }

    @Test
    void notIdleJustBefore() {
        IdleTimeout timeout = IdleTimeout.ofMillis(30_000);
        assertThat(timeout.isIdle(LAST, LAST.plusMillis(29_999))).isFalse();
        assertThat(timeout.isIdle(LAST, LAST.plusMillis(30_000).minusNanos(1))).isFalse();
        assertThat(timeout.isIdle(LAST, LAST)).isFalse();
    }

    @Test
    void aClockThatSeemsToGoBackwardsIsNotIdleness() {
        assertThat(IdleTimeout.ofMillis(1_000).isIdle(LAST, LAST.minusSeconds(60))).isFalse();
    }

    @Test
    void smallestTimeout() {
        IdleTimeout timeout = IdleTimeout.ofMillis(1);
        assertThat(timeout.isIdle(LAST, LAST)).isFalse();
        assertThat(timeout.isIdle(LAST, LAST.plusMillis(1))).isTrue();
    }

    @Test
    void ofMillisIsTheDuration() {
        assertThat(IdleTimeout.ofMillis(1_500).timeout()).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void negativeOrMissingTimeoutIsAConfigurationError() {
        assertThatThrownBy(() -> IdleTimeout.ofMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdleTimeout(null)).isInstanceOf(NullPointerException.class);
    }
}
