package dev.herald.adapter.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RedisSettings settings = RedisSettings.defaults();
        assertThat(settings.url()).isEqualTo("redis://localhost:6379");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.socketTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff()).isEqualTo(
                new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(32), 2.0, 0.2));
        assertThat(settings.watchdogInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.poolSize()).isEqualTo(8);
    }

    @Test
    void aBadUrlFailsWhenTheSettingsAreBuilt() {
        assertThatThrownBy(() -> RedisSettings.of("mongodb://u:hunter2@h"))
                .isInstanceOf(InvalidRedisUrlException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void printsWithoutThePassword() {
        RedisSettings settings = RedisSettings.of("redis://u:hunter2@h:1/2");
        assertThat(settings.toString()).contains("redis://u:***@h:1/2").doesNotContain("hunter2");
    }

    @Test
    void rejectsNonsense() {
        RedisSettings settings = RedisSettings.defaults();
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ofSeconds(1), Duration.ofDays(30)))
                .hasMessageContaining("socketTimeout");
        assertThatThrownBy(() -> settings.withWatchdogInterval(Duration.ofMillis(-1)))
                .hasMessageContaining("watchdogInterval");
        assertThatThrownBy(() -> settings.withPoolSize(0)).hasMessageContaining("poolSize");
    }

    @Test
    void theReaderUsesDefaultsForAbsentKeys() {
        assertThat(RedisSettingsReader.read(key -> Optional.empty())).isEqualTo(RedisSettings.defaults());
    }

    @Test
    void theReaderReadsEveryKey() {
        Map<String, String> config = Map.of(
                "herald.redis.url", "rediss://:pw@redis.example.com:6380/1",
                "herald.redis.connect-timeout-ms", "1500",
                "herald.redis.socket-timeout-ms", "2500",
                "herald.redis.reconnect.initial-delay-ms", "1000",
                "herald.redis.reconnect.max-delay-ms", "60000",
                "herald.redis.reconnect.multiplier", "1.5",
                "herald.redis.reconnect.jitter", "0",
                "herald.redis.watchdog-interval-ms", "10000",
                "herald.redis.pool-size", " 16 ");
        assertThat(config.keySet()).containsExactlyInAnyOrderElementsOf(RedisSettingsReader.KEYS);

        RedisSettings settings = RedisSettingsReader.read(key -> Optional.ofNullable(config.get(key)));

        assertThat(settings).isEqualTo(new RedisSettings("rediss://:pw@redis.example.com:6380/1",
                Duration.ofMillis(1_500), Duration.ofMillis(2_500),
                new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, 0.0),
                Duration.ofSeconds(10), 16));
    }

    @Test
    void theReaderNamesTheKeyOfAMalformedValue() {
        assertThatThrownBy(() -> RedisSettingsReader.read(
                key -> key.equals(RedisSettingsReader.POOL_SIZE) ? Optional.of("lots") : Optional.empty()))
                .hasMessageContaining("herald.redis.pool-size").hasMessageContaining("lots");
        assertThatThrownBy(() -> RedisSettingsReader.read(
                key -> key.equals(RedisSettingsReader.RECONNECT_JITTER) ? Optional.of("x") : Optional.empty()))
                .hasMessageContaining("herald.redis.reconnect.jitter");
        assertThatThrownBy(() -> RedisSettingsReader.read(
                key -> key.equals(RedisSettingsReader.SOCKET_TIMEOUT_MS) ? Optional.of("-5") : Optional.empty()))
                .hasMessageContaining("herald.redis.socket-timeout-ms");
    }
}
