package dev.herald.adapter.websocket.upgrade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The opening handshake (RFC 6455, section 4.2.1), checked: a GET asking to upgrade to
 * "websocket", version 13, with a 16-byte key. Its answer is the {@code Sec-WebSocket-Accept}
 * value, or why the request cannot be upgraded.
 */
final class UpgradeRequest {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Why a request cannot be upgraded: the HTTP status and a message. */
    record Refusal(int status, String message) {
    }

    private UpgradeRequest() {
    }

    /** @return empty when the request is a valid WebSocket upgrade */
    static Optional<Refusal> check(String method, String upgrade, String connection, String version, String key) {
        if (!"GET".equals(method)) {
            return Optional.of(new Refusal(405, "The WebSocket endpoint takes GET upgrade requests only"));
        }
        if (upgrade == null || !hasToken(upgrade, "websocket") || connection == null || !hasToken(connection, "upgrade")) {
            return Optional.of(new Refusal(426, "This is a WebSocket endpoint: send Upgrade: websocket"));
        }
        if (!"13".equals(version == null ? null : version.trim())) {
            return Optional.of(new Refusal(426, "Only WebSocket version 13 is supported"));
        }
        if (!validKey(key)) {
            return Optional.of(new Refusal(400, "Sec-WebSocket-Key must be 16 bytes in base64"));
        }
        return Optional.empty();
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Header values like {@code keep-alive, Upgrade}: comma-separated, case-insensitive tokens. */
    private static boolean hasToken(String value, String token) {
        for (String part : value.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
