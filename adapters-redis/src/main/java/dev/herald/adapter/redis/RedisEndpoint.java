package dev.herald.adapter.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to connect, as read from the Redis URL. {@link #toString()} masks the password so
 * that an endpoint can be logged.
 *
 * @param tls      {@code rediss://}: connect with TLS, verifying the server's certificate and host name
 * @param user     the ACL user; empty means the server's {@code default} user
 * @param database the logical database selected on every connection (pub/sub channels are
 *                 server-wide and ignore it; it matters only for what else shares the server)
 */
public record RedisEndpoint(String host, int port, boolean tls, Optional<String> user, Optional<String> password,
                            int database) {

    public static final int DEFAULT_PORT = 6379;

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must be >= 0");
        }
    }

    /** {@code host:port}, for log lines and health data. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        String credentials = password.isPresent() ? user.orElse("") + ":***@" : user.map(u -> u + "@").orElse("");
        return (tls ? "rediss://" : "redis://") + credentials + address() + "/" + database;
    }
}
