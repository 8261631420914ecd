package dev.herald.domain.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static RetentionPolicy age(Duration maxAge) {
        return new RetentionPolicy(Optional.of(maxAge), OptionalLong.empty());
    }

    private static RetentionPolicy count(long max) {
        return new RetentionPolicy(Optional.empty(), OptionalLong.of(max));
    }

    @Test
    void offByDefaultDeletesNothing() {
        RetentionPolicy off = RetentionPolicy.off();
        assertThat(off.enabled()).isFalse();
        assertThat(off.countCutoff(1, 1_000_000)).isEqualTo(1);
        assertThat(off.ageCutoff(NOW)).isEmpty();
        assertThat(off.expired(Instant.EPOCH, NOW)).isFalse();
        assertThat(off.describe()).isEqualTo("off");
    }

    @Test
    void anEventIsExpiredOnlyStrictlyBeforeTheCutoff() {
        RetentionPolicy policy = age(Duration.ofDays(30));
        Instant cutoff = NOW.minus(Duration.ofDays(30));
        assertThat(policy.ageCutoff(NOW)).contains(cutoff);
        assertThat(policy.expired(cutoff.minusMillis(1), NOW)).isTrue();
        assertThat(policy.expired(cutoff, NOW)).isFalse();
        assertThat(policy.expired(cutoff.plusMillis(1), NOW)).isFalse();
        // the same event expires once the clock moves on
        assertThat(policy.expired(cutoff, NOW.plusMillis(1))).isTrue();
    }

    @Test
    void theCountLimitKeepsTheLatestEvents() {
        RetentionPolicy policy = count(100);
        assertThat(policy.countCutoff(1, 100)).isEqualTo(1);
        assertThat(policy.countCutoff(1, 101)).isEqualTo(2);
        assertThat(policy.countCutoff(1, 1_000)).isEqualTo(901);
        // already trimmed: nothing more
        assertThat(policy.countCutoff(901, 1_000)).isEqualTo(901);
        // a job whose events were all deleted
        assertThat(policy.countCutoff(1_001, 1_000)).isEqualTo(1_001);
    }

    @Test
    void bothLimitsTogether() {
        RetentionPolicy policy = new RetentionPolicy(Optional.of(Duration.ofHours(1)), OptionalLong.of(5));
        assertThat(policy.enabled()).isTrue();
        assertThat(policy.countCutoff(1, 7)).isEqualTo(3);
        assertThat(policy.expired(NOW.minus(Duration.ofHours(2)), NOW)).isTrue();
        assertThat(policy.describe()).isEqualTo("max age PT1H, max 5 events per job");
    }

    @Test
    void refusesLimitsThatWouldDeleteEverything() {
        assertThatThrownBy(() -> age(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> age(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> count(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
