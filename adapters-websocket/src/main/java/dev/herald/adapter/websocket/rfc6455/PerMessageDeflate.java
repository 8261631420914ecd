package dev.herald.adapter.websocket.rfc6455;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server's side of the {@code permessage-deflate} negotiation (RFC 7692, section 7.1): picks
 * the first offer in the client's {@code Sec-WebSocket-Extensions} it can honour and says what to
 * answer.
 *
 * <p>The server always compresses without context takeover ({@code server_no_context_takeover} in
 * every answer): a frame is compressed once for all its subscribers, so no compressor can hold one
 * connection's history, and no connection holds a compressor. The JDK's deflater always uses a
 * 32 KiB window, so an offer that limits the server's window ({@code server_max_window_bits} below
 * 15) is declined. The client's window is whatever it chooses (the JDK's inflater reads any window
 * up to 32 KiB); {@code client_no_context_takeover}, when offered, is accepted and echoed, and the
 * inflater is then reset after every message. An offer with an unknown, repeated or malformed
 * parameter is declined, as the RFC asks.
 */
public final class PerMessageDeflate {

    public static final String NAME = "permessage-deflate";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** The only server window the JDK's deflater has. */
    private static final int SERVER_WINDOW_BITS = 15;

    /**
     * An accepted offer.
     *
     * @param clientNoContextTakeover the client resets its compressor after every message, so the
     *                                server's inflater is reset too (no context kept between messages)
     * @param response                the {@code Sec-WebSocket-Extensions} value to answer with
     */
    public record Agreement(boolean clientNoContextTakeover, String response) {
    }

    private PerMessageDeflate() {
    }

    /**
     * The agreement for the client's offers, or empty when it made none this server can honour
     * (the handshake is then answered without the extension).
     *
     * @param headerValues every {@code Sec-WebSocket-Extensions} value of the request, in order
     */
    public static Optional<Agreement> negotiate(List<String> headerValues) {
        for (String value : headerValues) {
            for (String offer : splitOutsideQuotes(value, ',')) {
                Optional<Agreement> agreement = accept(offer);
                if (agreement.isPresent()) {
                    return agreement;
                }
            }
        }
        return Optional.empty();
    }

    /** One offer, {@code permessage-deflate; param; param=value}: accepted, or empty. */
    private static Optional<Agreement> accept(String offer) {
        List<String> parts = splitOutsideQuotes(offer, ';');
        if (parts.isEmpty() || !parts.get(0).trim().equalsIgnoreCase(NAME)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : parts.subList(1, parts.size())) {
            String param = part.trim();
            int equals = param.indexOf('=');
            String name = (equals < 0 ? param : param.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? null : unquote(param.substring(equals + 1).trim());
            if (name.isEmpty() || params.containsKey(name)) {
                return Optional.empty(); // a parameter given twice makes the offer invalid
            }
            params.put(name, value);
        }
        boolean clientNoContextTakeover = false;
        StringBuilder response = new StringBuilder(NAME).append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        for (Map.Entry<String, String> param : params.entrySet()) {
            String value = param.getValue();
            switch (param.getKey()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    clientNoContextTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    // accepting it means answering with it, at most the offered size: only 15 is possible
                    if (windowBits(value) != SERVER_WINDOW_BITS) {
                        return Optional.empty();
                    }
                    response.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(SERVER_WINDOW_BITS);
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    // the client may limit its window; any window fits the inflater, so no answer is needed
                    if (value != null && windowBits(value) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (clientNoContextTakeover) {
            response.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        return Optional.of(new Agreement(clientNoContextTakeover, response.toString()));
    }

    /** A window size parameter's value, 8 to 15, or -1 when it is not one. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || !value.chars().allMatch(Character::isDigit)
                || value.charAt(0) == '0') {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** {@code value} split at {@code separator}, except inside a quoted string; blank parts dropped. */
    private static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                addIfNotBlank(parts, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(parts, current);
        return parts;
    }

    private static void addIfNotBlank(List<String> parts, StringBuilder part) {
        if (!part.toString().isBlank()) {
            parts.add(part.toString());
        }
    }
}
