package dev.herald.adapter.websocket.rfc6455;

import java.nio.charset.StandardCharsets;

/** The frames the server writes (RFC 6455, section 5.2): unmasked, never fragmented. */
public final class ServerFrames {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private ServerFrames() {
    }

    /** A whole text frame: its header and the UTF-8 payload. */
    public static byte[] text(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The header of a final text frame whose payload, of this many bytes, is written after it. */
    public static byte[] textHeader(int payloadLength) {
        return header(0x80 | TEXT, payloadLength);
    }

    /**
     * A whole text frame whose payload is a compressed message ({@link MessageDeflater}): RSV1 set,
     * as RFC 7692 (section 6) marks the first frame of a compressed message.
     */
    public static byte[] compressedText(byte[] deflated) {
        return frame(0x40 | TEXT, deflated);
    }

    public static byte[] pong(byte[] payload) {
        return frame(PONG, payload);
    }

    public static byte[] ping(byte[] payload) {
        return frame(PING, payload);
    }

    /** A close frame; the reason is cut to fit the 125-byte control payload. */
    public static byte[] close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(reasonBytes.length, 123);
        byte[] payload = new byte[2 + reasonLength];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonLength);
        return frame(CLOSE, payload);
    }

    /** How many of a frame's first bytes are its header (no mask: the server never masks). */
    public static int headerLength(byte[] frame) {
        int lengthCode = frame[1] & 0x7f;
        return lengthCode < 126 ? 2 : lengthCode == 126 ? 4 : 10;
    }

    /**
     * A frame header with the given first byte (FIN, RSV bits, opcode) for a payload of this length,
     * in the shortest length encoding (section 5.2).
     */
    public static byte[] header(int firstByte, int payloadLength) {
        int headerLength = payloadLength < 126 ? 2 : payloadLength <= 0xffff ? 4 : 10;
        byte[] header = new byte[headerLength];
        header[0] = (byte) firstByte;
        if (payloadLength < 126) {
            header[1] = (byte) payloadLength;
        } else if (payloadLength <= 0xffff) {
            header[1] = 126;
            header[2] = (byte) (payloadLength >> 8);
            header[3] = (byte) payloadLength;
        } else {
            header[1] = 127;
            long value = payloadLength;
            for (int i = 9; i >= 2; i--) {
                header[i] = (byte) value;
                value >>= 8;
            }
        }
        return header;
    }

    private static byte[] frame(int opcode, byte[] payload) {
        byte[] header = header(0x80 | opcode, payload.length); // opcode may carry RSV bits
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }
}
