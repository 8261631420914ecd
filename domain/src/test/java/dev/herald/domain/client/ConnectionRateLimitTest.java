package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionRateLimitTest {

    @Test
    void attemptsUpToTheLimitPassAndTheNextIsIpLimit() {
        ConnectionRateLimit limit = new ConnectionRateLimit(3, Duration.ofMinutes(1));
        assertThat(limit.check(3)).isEmpty();
        assertThat(limit.check(4)).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.IP_LIMIT);
            assertThat(r.message()).isEqualTo("Too many new connections from this address; retry later");
        });
    }

    @Test
    void zeroIsUnlimited() {
        assertThat(ConnectionRateLimit.unlimited().enabled()).isFalse();
        assertThat(ConnectionRateLimit.unlimited().check(1_000_000)).isEmpty();
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new ConnectionRateLimit(-1, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionRateLimit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
