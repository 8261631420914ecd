package dev.herald.adapter.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconnectBackoffTest {

    private final ReconnectBackoff defaults = ReconnectBackoff.defaults();

    @Test
    void theDefaultScheduleDoublesFromTwoSecondsUpToThirtyTwo() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(attempt -> defaults.delay(attempt, 0.0).toSeconds()))
                .containsExactly(2L, 4L, 8L, 16L, 32L, 32L, 32L, 32L);
    }

    @Test
    void jitterOnlyShortensAndByAtMostItsFraction() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            Duration scheduled = defaults.delay(attempt, 0.0);
            for (double random : new double[] {0.0, 0.25, 0.5, 0.999_999}) {
                Duration jittered = defaults.delay(attempt, random);
                assertThat(jittered).isLessThanOrEqualTo(scheduled);
                assertThat(jittered.toMillis()).isGreaterThanOrEqualTo(Math.round(scheduled.toMillis() * 0.8));
            }
        }
        assertThat(defaults.delay(1, 0.5)).isEqualTo(Duration.ofMillis(1_800));
        assertThat(defaults.delay(5, 0.5)).isEqualTo(Duration.ofMillis(28_800));
    }

    @Test
    void theCapHoldsForAVeryLongOutage() {
        assertThat(defaults.delay(Integer.MAX_VALUE, 0.0)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void aConfiguredScheduleIsFollowed() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), 3.0, 0.0);
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(attempt -> backoff.delay(attempt, 0.7).toMillis()))
                .containsExactly(100L, 300L, 900L, 1_000L, 1_000L);
    }

    @Test
    void aMultiplierOfOneGivesAConstantDelay() {
        ReconnectBackoff constant = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 0.0);
        assertThat(constant.delay(1, 0.0)).isEqualTo(constant.delay(1_000_000, 0.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.1))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.1))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.1))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN, 0.1))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, 1.0))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> defaults.delay(0, 0.0)).hasMessageContaining("attempt");
        assertThatThrownBy(() -> defaults.delay(1, 1.0)).hasMessageContaining("random");
    }
}
