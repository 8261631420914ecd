package dev.herald.adapter.redis;

import java.time.Duration;

/** Settings that make outages and recoveries quick enough for tests. */
final class TestSettings {

    private TestSettings() {
    }

    static RedisSettings fast(String url) {
        return RedisSettings.of(url)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                .withBackoff(new ReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.2))
                .withWatchdogInterval(Duration.ofMillis(250));
    }
}
