package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web origins may open a connection. An empty list or {@code *} allows every origin. A
 * connection without an {@code Origin} header is not a browser page (browsers always send one on a
 * WebSocket handshake), so cross-site hijacking does not apply to it and it is allowed; tokens
 * are what guard such clients.
 */
public final class OriginAllowList {

    static final Rejection NOT_ALLOWED = Rejection.of(ErrorCode.ORIGIN_NOT_ALLOWED, "Origin not allowed");

    private final boolean any;
    private final Set<String> origins;

    private OriginAllowList(boolean any, Set<String> origins) {
        this.any = any;
        this.origins = origins;
    }

    public static OriginAllowList anyOrigin() {
        return new OriginAllowList(true, Set.of());
    }

    public static OriginAllowList of(List<String> origins) {
        Set<String> normalized = origins.stream()
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .map(OriginAllowList::normalize)
                .collect(Collectors.toUnmodifiableSet());
        return new OriginAllowList(normalized.isEmpty() || normalized.contains("*"), normalized);
    }

    public Optional<Rejection> check(Optional<String> origin) {
        if (any || origin.isEmpty() || origins.contains(normalize(origin.get()))) {
            return Optional.empty();
        }
        return Optional.of(NOT_ALLOWED);
    }

    public boolean allowsAny() {
        return any;
    }

    private static String normalize(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return any ? "*" : String.join(",", origins);
    }
}
