package dev.herald.domain.channel;

import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelCreationLimitTest {

    @Test
    void creations_up_to_the_limit_pass_and_the_next_is_rate_limited() {
        ChannelCreationLimit limit = ChannelCreationLimit.perMinute(3);
        assertThat(limit.check(1)).isEmpty();
        assertThat(limit.check(3)).isEmpty();
        assertThat(limit.check(4)).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void zero_is_unlimited() {
        assertThat(ChannelCreationLimit.unlimited().enabled()).isFalse();
        assertThat(ChannelCreationLimit.unlimited().check(1_000_000)).isEmpty();
    }

    @Test
    void nonsense_is_refused() {
        assertThatThrownBy(() -> ChannelCreationLimit.perMinute(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelCreationLimit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_policy_carries_it() {
        assertThat(ChannelPolicy.v1().creationLimit().enabled()).isFalse();
        ChannelPolicy limited = ChannelPolicy.v1().withCreationLimit(ChannelCreationLimit.perMinute(10));
        assertThat(limited.creationLimit().maxPerWindow()).isEqualTo(10);
        assertThat(limited.namespaces()).isEmpty();
    }
}
