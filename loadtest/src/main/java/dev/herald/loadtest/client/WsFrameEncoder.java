package dev.herald.loadtest.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Client frames (RFC 6455 5.2): always final, always masked with a fresh 4-byte key, as a server
 * must refuse unmasked client frames. The key only has to be unpredictable to intermediaries, not
 * secret, so {@link ThreadLocalRandom} is enough.
 */
final class WsFrameEncoder {

    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PONG = 0xA;

    private WsFrameEncoder() {
    }

    static ByteBuffer text(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a code and reason; code 1005 (none received) becomes an empty close. */
    static ByteBuffer close(int code, String reason) {
        if (code == WsFrameDecoder.NO_STATUS) {
            return frame(CLOSE, new byte[0]);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123); // a control frame's payload is at most 125 bytes
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return frame(CLOSE, payload);
    }

    static ByteBuffer pong(byte[] payload) {
        return frame(PONG, payload);
    }

    static ByteBuffer frame(int opcode, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
        byte[] out = new byte[2 + lengthBytes + 4 + length];
        out[0] = (byte) (0x80 | opcode);
        int at = 2;
        if (lengthBytes == 0) {
            out[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            out[1] = (byte) (0x80 | 126);
            out[at++] = (byte) (length >> 8);
            out[at++] = (byte) length;
        } else {
            out[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[at++] = (byte) ((long) length >> shift);
            }
        }
        int key = ThreadLocalRandom.current().nextInt();
        byte[] mask = {(byte) (key >> 24), (byte) (key >> 16), (byte) (key >> 8), (byte) key};
        System.arraycopy(mask, 0, out, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            out[at + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return ByteBuffer.wrap(out);
    }
}
