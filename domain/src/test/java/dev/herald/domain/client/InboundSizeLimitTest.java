package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboundSizeLimitTest {

    @Test
    void contractDefaultIs16KiB() {
        assertThat(InboundSizeLimit.DEFAULT_MAX_BYTES).isEqualTo(16_384);
    }

    @Test
    void atTheLimitIsAcceptedOneOverIsTooLarge() {
        InboundSizeLimit limit = new InboundSizeLimit(InboundSizeLimit.DEFAULT_MAX_BYTES);
        assertThat(limit.check(0)).isEmpty();
        assertThat(limit.check(16_383)).isEmpty();
        assertThat(limit.check(16_384)).isEmpty();

        Rejection rejection = limit.check(16_385).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(rejection.code().closeCode()).hasValue(1009);
        assertThat(rejection.message()).contains("16384");

        assertThat(limit.check(Long.MAX_VALUE)).isPresent();
    }

    @Test
    void smallestLimit() {
        InboundSizeLimit limit = new InboundSizeLimit(1);
        assertThat(limit.check(1)).isEmpty();
        assertThat(limit.check(2)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void nonPositiveLimitIsAConfigurationError(int maxBytes) {
        assertThatThrownBy(() -> new InboundSizeLimit(maxBytes)).isInstanceOf(IllegalArgumentException.class);
    }
}
