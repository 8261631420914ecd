package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /api/jobs/{jobId}<suffix>} as the servlet routes in front of JAX-RS see it (event streams,
 * the publish fast path): the job's path segment, still percent-encoded, when the request's path is
 * exactly that; decoded as JAX-RS decodes a path parameter.
 */
public final class JobPath {

    private static final String PREFIX = "/api/jobs/";

    private JobPath() {
    }

    /** The raw job segment of {@code /api/jobs/{segment}{suffix}}; empty for any other path. */
    public static Optional<String> segment(HttpServletRequest http, String suffix) {
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (!path.startsWith(PREFIX) || !path.endsWith(suffix) || path.length() <= PREFIX.length() + suffix.length()) {
            return Optional.empty();
        }
        String segment = path.substring(PREFIX.length(), path.length() - suffix.length());
        return segment.indexOf('/') >= 0 ? Optional.empty() : Optional.of(segment);
    }

    /** A segment percent-decoded ({@code +} stays a plus, as in a path); {@code BAD_REQUEST} when malformed. */
    public static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "jobId is not a valid path segment");
        }
    }
}
