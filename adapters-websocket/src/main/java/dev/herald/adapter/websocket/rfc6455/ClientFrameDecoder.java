package dev.herald.adapter.websocket.rfc6455;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frames a client sends (RFC 6455, section 5) from a byte stream that arrives in
 * arbitrary pieces. Payloads are passed on as they arrive, unmasked and, for text, decoded, so a
 * huge frame never sits in memory whole: the listener enforces its size limit part by part.
 *
 * <p>A protocol violation (unmasked frame, reserved bits or opcodes, a control frame that is
 * fragmented or over 125 bytes, a continuation out of place, invalid UTF-8) is reported once with
 * the close code the RFC asks for; nothing is read after it.
 */
public final class ClientFrameDecoder {

    /** What the decoder finds in the stream. */
    public interface Listener {
        /** A piece of a text message; {@code bytes} is its size on the wire (UTF-8). */
        void textPart(String part, long bytes, boolean last);

        void binaryPart(long bytes, boolean last);

        void ping(byte[] payload);

        /** A close frame: its code (1005 when it has none) and reason. */
        void close(int code, String reason);

        /** The client broke the protocol; the connection must close with {@code closeCode}. */
        void protocolError(int closeCode, String why);
    }

    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;
    public static final int NO_STATUS = 1005;

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final Listener listener;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Header bytes (at most 14) until the header is complete. */
    private final byte[] header = new byte[14];
    private int headerLength;
    private final byte[] mask = new byte[4];
    private boolean inFrame;
    private boolean fin;
    private int opcode;
    private long remaining;
    private long maskOffset;
    /** The opcode of the fragmented data message in progress, or -1. */
    private int messageOpcode = -1;
    /** UTF-8 bytes of a character split across pieces. */
    private ByteBuffer utf8Carry = ByteBuffer.allocate(0);
    /** A control frame's payload (at most 125 bytes). */
    private byte[] control;
    private int controlLength;
    private boolean failed;

    public ClientFrameDecoder(Listener listener) {
        this.listener = listener;
    }

    /** Reads {@code length} bytes of the stream. */
    public void feed(byte[] data, int offset, int length) {
        int position = offset;
        int end = offset + length;
        while (position < end && !failed) {
            if (!inFrame) {
                position = readHeader(data, position, end);
            } else {
                position = readPayload(data, position, end);
            }
        }
    }

    public boolean failed() {
        return failed;
    }

    private int readHeader(byte[] data, int position, int end) {
        while (position < end) {
            header[headerLength++] = data[position++];
            if (headerLength == 2 && (header[1] & 0x80) == 0) {
                fail(PROTOCOL_ERROR, "client frames must be masked"); // before waiting for a mask that will not come
                return position;
            }
            int needed = headerSize();
            if (needed > 0 && headerLength == needed) {
                startFrame();
                return position;
            }
        }
        return position;
    }

    /** The full header size once enough of it is known, else 0. */
    private int headerSize() {
        if (headerLength < 2) {
            return 0;
        }
        int lengthCode = header[1] & 0x7f;
        int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        return 2 + lengthBytes + 4;
    }

    private void startFrame() {
        headerLength = 0;
        int first = header[0] & 0xff;
        int second = header[1] & 0xff;
        fin = (first & 0x80) != 0;
        opcode = first & 0x0f;
        if ((first & 0x70) != 0) {
            fail(PROTOCOL_ERROR, "reserved bits set");
            return;
        }
        if ((second & 0x80) == 0) {
            fail(PROTOCOL_ERROR, "client frames must be masked");
            return;
        }
        int lengthCode = second & 0x7f;
        int maskAt;
        if (lengthCode == 126) {
            remaining = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            maskAt = 4;
        } else if (lengthCode == 127) {
            long length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xff);
            }
            if (length < 0) {
                fail(PROTOCOL_ERROR, "frame length over 2^63");
                return;
            }
            remaining = length;
            maskAt = 10;
        } else {
            remaining = lengthCode;
            maskAt = 2;
        }
        System.arraycopy(header, maskAt, mask, 0, 4);
        maskOffset = 0;
        if (!checkOpcode()) {
            return;
        }
        if (isControl()) {
            control = new byte[(int) remaining];
            controlLength = 0;
        }
        inFrame = true;
        if (remaining == 0) {
            endFrame(new byte[0], 0, 0);
        }
    }

    private boolean checkOpcode() {
        switch (opcode) {
            case OP_CONTINUATION -> {
                if (messageOpcode < 0) {
                    return fail(PROTOCOL_ERROR, "continuation without a message");
                }
            }
            case OP_TEXT, OP_BINARY -> {
                if (messageOpcode >= 0) {
                    return fail(PROTOCOL_ERROR, "new message inside a fragmented one");
                }
                messageOpcode = opcode;
            }
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (!fin || remaining > MAX_CONTROL_PAYLOAD) {
                    return fail(PROTOCOL_ERROR, "control frames are at most 125 bytes, unfragmented");
                }
            }
            default -> {
                return fail(PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
        }
        return true;
    }

    private boolean isControl() {
        return opcode >= OP_CLOSE;
    }

    private int readPayload(byte[] data, int position, int end) {
        int take = (int) Math.min(remaining, end - position);
        byte[] piece = new byte[take];
        for (int i = 0; i < take; i++) {
            piece[i] = (byte) (data[position + i] ^ mask[(int) (maskOffset++ & 3)]);
        }
        remaining -= take;
        if (isControl()) {
            System.arraycopy(piece, 0, control, controlLength, take);
            controlLength += take;
            if (remaining == 0) {
                endFrame(control, 0, controlLength);
            }
        } else {
            dataPiece(piece, remaining == 0 && fin);
            if (remaining == 0) {
                inFrame = false;
                if (fin) {
                    messageOpcode = -1;
                }
            }
        }
        return position + take;
    }

    /** A frame whose payload is complete (control frames, and empty data frames). */
    private void endFrame(byte[] payload, int offset, int length) {
        inFrame = false;
        switch (opcode) {
            case OP_PING -> listener.ping(java.util.Arrays.copyOfRange(payload, offset, offset + length));
            case OP_PONG -> {
                // unsolicited pongs are allowed and mean nothing
            }
            case OP_CLOSE -> closeFrame(payload, offset, length);
            default -> {
                dataPiece(new byte[0], fin);
                if (fin) {
                    messageOpcode = -1;
                }
            }
        }
    }

    private void closeFrame(byte[] payload, int offset, int length) {
        if (length == 0) {
            listener.close(NO_STATUS, "");
            return;
        }
        if (length == 1) {
            fail(PROTOCOL_ERROR, "close frame with a 1-byte payload");
            return;
        }
        int code = ((payload[offset] & 0xff) << 8) | (payload[offset + 1] & 0xff);
        String reason;
        try {
            reason = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, offset + 2, length - 2)).toString();
        } catch (CharacterCodingException e) {
            fail(INVALID_PAYLOAD, "close reason is not UTF-8");
            return;
        }
        listener.close(code, reason);
    }

    private void dataPiece(byte[] piece, boolean last) {
        if (messageOpcode == OP_BINARY) {
            listener.binaryPart(piece.length, last);
            return;
        }
        ByteBuffer in = join(utf8Carry, piece);
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = utf8.decode(in, out, last);
        if (result.isError() || (last && (in.hasRemaining() || utf8.flush(out).isError()))) {
            fail(INVALID_PAYLOAD, "text is not UTF-8");
            return;
        }
        utf8Carry = in.slice(); // at most 3 bytes of a character still to come
        if (last) {
            utf8.reset();
        }
        out.flip();
        listener.textPart(out.toString(), piece.length, last);
    }

    private static ByteBuffer join(ByteBuffer carry, byte[] piece) {
        if (!carry.hasRemaining()) {
            return ByteBuffer.wrap(piece);
        }
        ByteBuffer joined = ByteBuffer.allocate(carry.remaining() + piece.length);
        joined.put(carry).put(piece).flip();
        return joined;
    }

    private boolean fail(int code, String why) {
        failed = true;
        listener.protocolError(code, why);
        return false;
    }
}
