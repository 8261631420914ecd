package dev.herald.adapter.websocket.rfc6455;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text decoded as its bytes arrive, in pieces split anywhere (inside a character too, as
 * fragments and TCP segments split it). Invalid input is found at the first byte that cannot
 * belong to valid UTF-8 (the JDK's decoder checks a partial sequence's bytes as they come), not
 * when the message ends: surrogates, overlong forms, code points above U+10FFFF and 5- and 6-byte
 * forms are all invalid.
 */
final class Utf8Text {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The bytes of a character whose end has not arrived yet (at most 3). */
    private ByteBuffer carry = ByteBuffer.allocate(0);

    /**
     * The text of the next piece ({@code last}: the message ends with it), or null when the bytes
     * so far are not UTF-8. A character split off at the end of a piece comes with the next one.
     */
    String next(byte[] piece, boolean last) {
        ByteBuffer in = join(carry, piece);
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, last);
        if (result.isError() || (last && (in.hasRemaining() || decoder.flush(out).isError()))) {
            return null;
        }
        carry = in.slice();
        if (last) {
            decoder.reset();
        }
        out.flip();
        return out.toString();
    }

    /** A whole text in one piece, or null when it is not UTF-8. */
    static String whole(byte[] bytes, int offset, int length) {
        return new Utf8Text().next(java.util.Arrays.copyOfRange(bytes, offset, offset + length), true);
    }

    private static ByteBuffer join(ByteBuffer carry, byte[] piece) {
        if (!carry.hasRemaining()) {
            return ByteBuffer.wrap(piece);
        }
        ByteBuffer joined = ByteBuffer.allocate(carry.remaining() + piece.length);
        joined.put(carry).put(piece).flip();
        return joined;
    }
}
