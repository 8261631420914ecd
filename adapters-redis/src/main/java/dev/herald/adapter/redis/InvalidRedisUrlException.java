package dev.herald.adapter.redis;

/**
 * The configured Redis URL cannot be used. The message says what is wrong and never repeats the
 * URL's user info, which may hold a password.
 */
public final class InvalidRedisUrlException extends IllegalArgumentException {

    InvalidRedisUrlException(String reason) {
        super("Invalid Redis URL (herald.redis.url / REDIS_URL): " + reason
                + ". Expected redis://[[user]:password@]host[:port][/database] or rediss://... for TLS;"
                + " percent-encode special characters in the user and password");
    }
}
