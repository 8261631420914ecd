package dev.herald.distribution.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What stands in for Autobahn's echo server: Herald answers requests, it does not echo. A text
 * payload that can be a request id travels as the id of a {@code ping} request and comes back as
 * the id of the {@code pong}: the same characters, so the reply proves the message arrived whole
 * and decoded. A payload that cannot (too long, or characters JSON does not allow raw) is replaced
 * by a {@code ping} request of exactly the payload's size, blanks padding it.
 */
final class HeraldEcho {

    static final byte[] PREFIX = "{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** The contract's longest request id. */
    static final int MAX_ID = 64;
    /** {@code {"type":"ping"}}: the shortest request. */
    static final int SHORTEST_REQUEST = 15;

    private HeraldEcho() {
    }

    /** True when {@code payload} is valid UTF-8 that a JSON string holds verbatim, within the id limit. */
    static boolean carries(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        return text.length() <= MAX_ID && text.chars().noneMatch(c -> c < 0x20 || c == '"' || c == '\\');
    }

    static String decode(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The ping request whose id is {@code payload}. */
    static byte[] request(byte[] payload) {
        return Frames.concat(PREFIX, payload, SUFFIX);
    }

    /** The fragments of a message with the request around them: the prefix joins the first, the suffix the last. */
    static List<byte[]> around(List<byte[]> fragments) {
        List<byte[]> wrapped = new ArrayList<>(fragments);
        wrapped.set(0, Frames.concat(PREFIX, wrapped.get(0)));
        int last = wrapped.size() - 1;
        wrapped.set(last, Frames.concat(wrapped.get(last), SUFFIX));
        return wrapped;
    }

    /** A ping request of exactly {@code size} bytes, with {@code id} when it fits (else none). */
    static byte[] pingOfSize(int size, String id) {
        byte[] withId = ("{\"type\":\"ping\",\"id\":\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
        byte[] head = withId.length + 1 <= size ? withId : "{\"type\":\"ping\"".getBytes(StandardCharsets.US_ASCII);
        if (head.length + 1 > size) {
            throw new IllegalArgumentException("no request is " + size + " bytes long");
        }
        byte[] request = new byte[size];
        Arrays.fill(request, (byte) ' ');
        System.arraycopy(head, 0, request, 0, head.length);
        request[size - 1] = '}';
        return request;
    }

    /** Whether {@link #pingOfSize} puts the id in a request of {@code size} bytes. */
    static boolean sizeHoldsId(int size, String id) {
        return request(id.getBytes(StandardCharsets.UTF_8)).length <= size;
    }

    /** {@code message} cut into pieces of {@code size} bytes (the last may be shorter; one empty piece for none). */
    static List<byte[]> split(byte[] message, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < message.length; at += size) {
            pieces.add(Arrays.copyOfRange(message, at, Math.min(message.length, at + size)));
        }
        if (pieces.isEmpty()) {
            pieces.add(new byte[0]);
        }
        return pieces;
    }
}
