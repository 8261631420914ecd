package dev.herald.loadtest.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The opening handshake of RFC 6455 4.1 for one connection: the upgrade request it writes, and the
 * check of the server's answer (101, the upgrade headers, and Sec-WebSocket-Accept derived from the
 * key it sent). With compression it offers {@code permessage-deflate} and reads whether the server
 * agreed.
 */
final class WsHandshake {

    /** A response head larger than this is not a WebSocket upgrade answer. */
    static final int MAX_RESPONSE_HEAD = 16 << 10;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Chromium's offer: the client may keep its context, the server says whether it keeps its own. */
    static final String DEFLATE_OFFER = "permessage-deflate; client_max_window_bits";

    private final String key;
    private final boolean offerDeflate;
    private boolean deflateAgreed;
    private boolean serverKeepsContext;

    WsHandshake() {
        this(false);
    }

    WsHandshake(boolean offerDeflate) {
        this.offerDeflate = offerDeflate;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce); // a nonce against caching proxies, not a secret
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    String key() {
        return key;
    }

    /** After {@link #verify}: whether the server agreed to permessage-deflate. */
    boolean deflateAgreed() {
        return deflateAgreed;
    }

    /** After {@link #verify}: whether the server keeps its compression context between messages. */
    boolean serverKeepsContext() {
        return serverKeepsContext;
    }

    byte[] request(URI url, String origin, String token) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder out = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() == -1 ? "" : ":" + url.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (offerDeflate) {
            out.append("Sec-WebSocket-Extensions: ").append(DEFLATE_OFFER).append("\r\n");
        }
        if (origin != null) {
            out.append("Origin: ").append(origin).append("\r\n");
        }
        if (token != null) {
            out.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where the response head ends (just after its blank line) in {@code bytes[0, length)}, or -1. */
    static int headEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Checks the response head (status line and headers, without the blank line). */
    void verify(String head) throws WsHandshakeException {
        String[] lines = head.split("\r\n");
        int status = status(lines[0]);
        if (status != 101) {
            throw new WsHandshakeException(status, "WebSocket handshake answered HTTP " + status + " (" + lines[0].trim() + ")");
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        String extensions = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-extensions" -> extensions = value;
                default -> { }
            }
        }
        if (!"websocket".equalsIgnoreCase(upgrade)) {
            throw new WsHandshakeException(101, "WebSocket handshake: Upgrade header is " + upgrade);
        }
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new WsHandshakeException(101, "WebSocket handshake: Connection header is " + connection);
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new WsHandshakeException(101, "WebSocket handshake: wrong Sec-WebSocket-Accept " + accept);
        }
        if (extensions != null) {
            if (!offerDeflate || !extensions.toLowerCase(Locale.ROOT).startsWith("permessage-deflate")) {
                throw new WsHandshakeException(101, "WebSocket handshake: an extension not offered: " + extensions);
            }
            deflateAgreed = true;
            serverKeepsContext = !extensions.toLowerCase(Locale.ROOT).contains("server_no_context_takeover");
        }
    }

    static String expectedAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static int status(String statusLine) throws WsHandshakeException {
        String[] parts = statusLine.trim().split(" +", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new WsHandshakeException(0, "WebSocket handshake: not an HTTP response: " + statusLine);
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new WsHandshakeException(0, "WebSocket handshake: bad status line: " + statusLine);
        }
    }
}
