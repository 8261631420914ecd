package dev.herald.adapter.websocket.connection;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway needs from the upgrade request, captured while it is still at hand: the
 * connection's own address, the proxy chain, the Origin and the token (header or query).
 */
public record Handshake(String remoteAddress, Optional<String> forwardedFor, Optional<String> origin,
                 Optional<String> authorization, Optional<String> tokenParameter) {

    public static final String KEY = "dev.herald.handshake";
    /** The client's address as the filter in front of the Jakarta endpoint hands it on (the API hides it). */
    public static final String REMOTE_ADDRESS_HEADER = "X-Herald-Remote-Addr";

    public static Handshake from(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        return new Handshake(first(headers, REMOTE_ADDRESS_HEADER).orElse("unknown"),
                first(headers, "X-Forwarded-For"), first(headers, "Origin"), first(headers, "Authorization"),
                first(parameters, "token"));
    }

    /** Header names keep the client's case: look them up case-insensitively. */
    private static Optional<String> first(Map<String, List<String>> values, String name) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.ofNullable(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
