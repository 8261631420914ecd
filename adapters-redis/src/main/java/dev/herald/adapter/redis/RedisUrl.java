package dev.herald.adapter.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code redis://[[user]:password@]host[:port][/database]} and {@code rediss://...} (TLS).
 * Errors name the part that is wrong but never echo the input: a mistyped URL may still carry a
 * real password.
 */
public final class RedisUrl {

    private RedisUrl() {
    }

    public static RedisEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidRedisUrlException("it is empty");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // the exception's own message quotes the input: report only the position
            throw new InvalidRedisUrlException("not a valid URI (syntax error at character " + (e.getIndex() + 1) + ")");
        }
        boolean tls = tls(uri.getScheme());
        if (uri.getRawAuthority() == null) {
            throw new InvalidRedisUrlException("the host is missing");
        }
        if (uri.getHost() == null) {
            // java.net.URI falls back to a "registry" authority when host or port do not parse
            throw new InvalidRedisUrlException("the host or port is not valid (a port is 1..65535)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidRedisUrlException("query parameters and fragments are not supported");
        }
        int port = uri.getPort() == -1 ? RedisEndpoint.DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new InvalidRedisUrlException("the port must be 1..65535");
        }
        String host = stripBrackets(uri.getHost());
        Credentials credentials = credentials(uri.getUserInfo());
        int database = database(uri.getPath());
        return new RedisEndpoint(host, port, tls, credentials.user(), credentials.password(), database);
    }

    private static boolean tls(String scheme) {
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "redis" -> false;
            case "rediss" -> true;
            case "" -> throw new InvalidRedisUrlException("the scheme is missing (redis:// or rediss://)");
            // not echoed either: without "//", "user:password@host" parses as scheme "user"
            default -> throw new InvalidRedisUrlException("the scheme must be redis:// or rediss://");
        };
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private record Credentials(Optional<String> user, Optional<String> password) {
    }

    /** {@code user:password}, {@code :password} or nothing; URI has already percent-decoded them. */
    private static Credentials credentials(String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) {
            return new Credentials(Optional.empty(), Optional.empty());
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            throw new InvalidRedisUrlException("the user info must be user:password or :password");
        }
        String user = userInfo.substring(0, colon);
        String password = userInfo.substring(colon + 1);
        if (password.isEmpty()) {
            throw new InvalidRedisUrlException("the password after ':' is empty");
        }
        return new Credentials(user.isEmpty() ? Optional.empty() : Optional.of(user), Optional.of(password));
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String number = path.substring(1);
        if (number.isEmpty() || number.length() > 9 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidRedisUrlException("the path must be a database number, e.g. /0");
        }
        return Integer.parseInt(number);
    }
}
