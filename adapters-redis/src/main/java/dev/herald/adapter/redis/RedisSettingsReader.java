package dev.herald.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds {@link RedisSettings} from string properties: the keys live here and their defaults in
 * {@link RedisSettings} and {@link ReconnectBackoff}, which bootstrap's {@code Setting} (the
 * table of every setting) also reads. Bootstrap passes its configuration as the lookup, by the
 * key's {@code Setting} (so {@code REDIS_URL} is found for {@link #URL}). An absent key takes the
 * default; a malformed value fails fast with the key in the message (never the URL's password).
 */
public final class RedisSettingsReader {

    public static final String URL = "herald.redis.url";
    public static final String CONNECT_TIMEOUT_MS = "herald.redis.connect-timeout-ms";
    public static final String SOCKET_TIMEOUT_MS = "herald.redis.socket-timeout-ms";
    public static final String RECONNECT_INITIAL_DELAY_MS = "herald.redis.reconnect.initial-delay-ms";
    public static final String RECONNECT_MAX_DELAY_MS = "herald.redis.reconnect.max-delay-ms";
    public static final String RECONNECT_MULTIPLIER = "herald.redis.reconnect.multiplier";
    public static final String RECONNECT_JITTER = "herald.redis.reconnect.jitter";
    public static final String WATCHDOG_INTERVAL_MS = "herald.redis.watchdog-interval-ms";
    public static final String POOL_SIZE = "herald.redis.pool-size";

    /** Every key this reader looks up, for documentation and config checks. */
    public static final List<String> KEYS = List.of(URL, CONNECT_TIMEOUT_MS, SOCKET_TIMEOUT_MS,
            RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_DELAY_MS, RECONNECT_MULTIPLIER, RECONNECT_JITTER,
            WATCHDOG_INTERVAL_MS, POOL_SIZE);

    private final Function<String, Optional<String>> lookup;

    private RedisSettingsReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public static RedisSettings read(Function<String, Optional<String>> lookup) {
        return new RedisSettingsReader(lookup).read();
    }

    private RedisSettings read() {
        ReconnectBackoff defaults = ReconnectBackoff.defaults();
        ReconnectBackoff backoff = new ReconnectBackoff(
                millis(RECONNECT_INITIAL_DELAY_MS, defaults.initial()),
                millis(RECONNECT_MAX_DELAY_MS, defaults.max()),
                decimal(RECONNECT_MULTIPLIER, defaults.multiplier()),
                decimal(RECONNECT_JITTER, defaults.jitter()));
        return new RedisSettings(
                value(URL).orElse(RedisSettings.DEFAULT_URL),
                millis(CONNECT_TIMEOUT_MS, RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                millis(SOCKET_TIMEOUT_MS, RedisSettings.DEFAULT_SOCKET_TIMEOUT),
                backoff,
                millis(WATCHDOG_INTERVAL_MS, RedisSettings.DEFAULT_WATCHDOG_INTERVAL),
                (int) integer(POOL_SIZE, RedisSettings.DEFAULT_POOL_SIZE));
    }

    private Optional<String> value(String key) {
        return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private Duration millis(String key, Duration fallback) {
        return value(key).map(v -> Duration.ofMillis(parseLong(key, v))).orElse(fallback);
    }

    private long integer(String key, long fallback) {
        return value(key).map(v -> parseLong(key, v)).orElse(fallback);
    }

    private double decimal(String key, double fallback) {
        return value(key).map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }).orElse(fallback);
    }

    private static long parseLong(String key, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > Integer.MAX_VALUE || parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from 0 to " + Integer.MAX_VALUE
                    + ", got '" + value + "'");
        }
    }
}
