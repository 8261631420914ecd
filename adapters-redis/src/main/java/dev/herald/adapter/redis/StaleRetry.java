package dev.herald.adapter.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.function.Supplier;

/**
 * Runs a command on a pooled client once more when its connection turns out dead: after a Redis
 * restart the pool's idle connections are all stale, and the second try takes a fresh one.
 */
final class StaleRetry {

    private StaleRetry() {
    }

    static <T> T once(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException stale) {
            return command.get();
        }
    }
}
