package dev.herald.adapter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis event bus connects and recovers. Bootstrap builds it from MicroProfile Config
 * (see {@link RedisSettingsReader} for the keys); tests from {@link #of(String)} and the
 * {@code with...} copies. The URL is parsed here, so a bad one fails at start-up, not at the
 * first reconnect. {@link #toString()} masks the password.
 *
 * @param url              {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for TLS
 * @param connectTimeout   TCP (and TLS) connect timeout of every connection
 * @param socketTimeout    read timeout of every command; also how long {@code subscribe} waits for
 *                         the broker's confirmation and the watchdog waits for a PONG
 * @param backoff          delays between reconnect attempts of the subscriber connection
 * @param watchdogInterval how often the subscriber connection is pinged to detect a half-open one
 * @param poolSize         publisher connections (publishes wait up to {@code connectTimeout} for one)
 */
public record RedisSettings(String url, Duration connectTimeout, Duration socketTimeout, ReconnectBackoff backoff,
                            Duration watchdogInterval, int poolSize) {

    public static final String DEFAULT_URL = "redis://localhost:6379";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_POOL_SIZE = 8;

    public RedisSettings {
        RedisUrl.parse(url);
        requireMillis(connectTimeout, "connectTimeout");
        requireMillis(socketTimeout, "socketTimeout");
        requireMillis(watchdogInterval, "watchdogInterval");
        Objects.requireNonNull(backoff, "backoff");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive");
        }
    }

    private static void requireMillis(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
    }

    /** The documented defaults, connecting to {@code redis://localhost:6379}. */
    public static RedisSettings defaults() {
        return of(DEFAULT_URL);
    }

    /** The documented defaults with this URL. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, ReconnectBackoff.defaults(),
                DEFAULT_WATCHDOG_INTERVAL, DEFAULT_POOL_SIZE);
    }

    /** Host, port, TLS, credentials and database, as parsed from {@link #url()}. */
    public RedisEndpoint endpoint() {
        return RedisUrl.parse(url);
    }

    public RedisSettings withUrl(String newUrl) {
        return new RedisSettings(newUrl, connectTimeout, socketTimeout, backoff, watchdogInterval, poolSize);
    }

    public RedisSettings withTimeouts(Duration connect, Duration socket) {
        return new RedisSettings(url, connect, socket, backoff, watchdogInterval, poolSize);
    }

    public RedisSettings withBackoff(ReconnectBackoff newBackoff) {
        return new RedisSettings(url, connectTimeout, socketTimeout, newBackoff, watchdogInterval, poolSize);
    }

    public RedisSettings withWatchdogInterval(Duration interval) {
        return new RedisSettings(url, connectTimeout, socketTimeout, backoff, interval, poolSize);
    }

    public RedisSettings withPoolSize(int size) {
        return new RedisSettings(url, connectTimeout, socketTimeout, backoff, watchdogInterval, size);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + endpoint() + ", connectTimeout=" + connectTimeout + ", socketTimeout="
                + socketTimeout + ", backoff=" + backoff + ", watchdogInterval=" + watchdogInterval
                + ", poolSize=" + poolSize + "]";
    }
}
