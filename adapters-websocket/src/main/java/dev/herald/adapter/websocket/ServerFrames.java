package dev.herald.adapter.websocket;

import java.nio.charset.StandardCharsets;

/** The frames the server writes (RFC 6455, section 5.2): unmasked, never fragmented. */
final class ServerFrames {

    private ServerFrames() {
    }

    static byte[] text(String text) {
        return frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] pong(byte[] payload) {
        return frame(0xA, payload);
    }

    /** A close frame; the reason is cut to fit the 125-byte control payload. */
    static byte[] close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(reasonBytes.length, 123);
        byte[] payload = new byte[2 + reasonLength];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonLength);
        return frame(0x8, payload);
    }

    /** How many of a frame's first bytes are its header (no mask: the server never masks). */
    static int headerLength(byte[] frame) {
        int lengthCode = frame[1] & 0x7f;
        return lengthCode < 126 ? 2 : lengthCode == 126 ? 4 : 10;
    }

    private static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xffff) {
            frame[1] = 126;
            frame[2] = (byte) (length >> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            long value = length;
            for (int i = 9; i >= 2; i--) {
                frame[i] = (byte) value;
                value >>= 8;
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, length);
        return frame;
    }
}
