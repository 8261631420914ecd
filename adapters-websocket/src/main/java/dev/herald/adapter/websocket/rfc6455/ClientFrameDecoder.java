package dev.herald.adapter.websocket.rfc6455;

import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Reads the frames a client sends (RFC 6455, section 5) from a byte stream that arrives in
 * arbitrary pieces. Payloads are passed on as they arrive, unmasked and, for text, decoded, so a
 * huge frame never sits in memory whole: the listener enforces its size limit part by part.
 *
 * <p>It reads in one of three modes:
 * <ul>
 *   <li><b>messages</b>: every rule is checked. A violation (an unmasked frame, reserved bits or
 *   opcodes, a control frame that is fragmented or over 125 bytes, a continuation out of place,
 *   invalid UTF-8, a close frame with a 1-byte payload, a code not allowed on the wire or a reason
 *   that is not UTF-8) is reported once, with the close code the RFC asks for;</li>
 *   <li><b>close only</b>: after a violation, or once the server has sent its own close frame
 *   ({@link #awaitClose()}), nothing the client sends is processed any more; frames are only
 *   delimited, to find the client's close frame, which completes the closing handshake;</li>
 *   <li><b>boundaries lost</b>: after a violation that leaves the frames impossible to delimit (a
 *   length with its most significant bit set), the rest of that read is discarded and the next
 *   bytes to arrive are taken as the client's answer to the server's close;</li>
 *   <li><b>done</b>: after the client's close frame, or a violation after which the client owes no
 *   close frame (its own close frame was the violation): nothing more is read.</li>
 * </ul>
 *
 * <p>With {@code permessage-deflate} agreed (RFC 7692), a data message whose first frame has RSV1
 * set is compressed: its payload goes through the connection's {@link MessageInflater} in pieces
 * of at most {@link #INFLATED_PIECE} bytes, and the listener sees the plain bytes, so its size
 * limit counts inflated bytes. Once a message inflates past {@code maxMessageBytes} (the listener
 * has then been given more than its limit, and refuses the message and closes the connection with
 * 1009), nothing more is inflated: the decoder reads in close-only mode, so a decompression bomb
 * costs at most the limit and one piece. RSV1 on a continuation or a control frame, or without the
 * extension, is a protocol error (1002); compressed data that does not inflate fails with 1007.
 */
public final class ClientFrameDecoder {

    /** What the decoder finds in the stream. */
    public interface Listener {
        /** A piece of a text message; {@code bytes} is its size on the wire (UTF-8). */
        void textPart(String part, long bytes, boolean last);

        void binaryPart(long bytes, boolean last);

        void ping(byte[] payload);

        /** A pong (an answer to a server ping, or unsolicited: both only show the client is there). */
        void pong(byte[] payload);

        /**
         * The client's close frame: its code ({@link CloseCodes#NO_STATUS} when it has none) and
         * reason. In close-only mode, the answer to the server's close, its code not checked.
         */
        void close(int code, String reason);

        /** The client broke the protocol; the connection must be failed with {@code closeCode}. */
        void protocolError(int closeCode, String why);
    }

    private enum Mode { MESSAGES, CLOSE_ONLY, BOUNDARIES_LOST, DONE }

    /** What happens to the payload of the frame being read. */
    private enum Payload { DATA, CONTROL, SKIP }

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_HEADER = 14;
    private static final int RSV1 = 0x40;
    /** The most plain bytes inflated at a time: the memory a compressed message costs beyond the limit. */
    static final int INFLATED_PIECE = 16384;

    private final Listener listener;
    /** The connection's inflater when permessage-deflate was agreed, else null. */
    private final MessageInflater inflater;
    private final long maxMessageBytes;
    /** Whether the data message in progress is compressed, and how many plain bytes it has so far. */
    private boolean messageCompressed;
    private long inflatedBytes;
    private byte[] inflated;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private final byte[] mask = new byte[4];
    private Mode mode = Mode.MESSAGES;
    /** Set by the server's close, from whichever thread sends it; applied between reads. */
    private volatile boolean closeAwaited;
    private boolean failed;

    private boolean inFrame;
    private boolean fin;
    private int opcode;
    private Payload payload;
    private long remaining;
    private long maskOffset;
    /** The opcode of the fragmented data message in progress, or -1. */
    private int messageOpcode = -1;
    private Utf8Text text = new Utf8Text();
    /** A control frame's payload (at most 125 bytes). */
    private byte[] control;
    private int controlLength;

    public ClientFrameDecoder(Listener listener) {
        this(listener, null, Long.MAX_VALUE);
    }

    /**
     * @param inflater        the connection's inflater when permessage-deflate was agreed, else null
     * @param maxMessageBytes the listener's limit on a message: beyond it nothing more is inflated
     */
    public ClientFrameDecoder(Listener listener, MessageInflater inflater, long maxMessageBytes) {
        this.listener = listener;
        this.inflater = inflater;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Reads {@code length} bytes of the stream. */
    public void feed(byte[] data, int offset, int length) {
        if (mode == Mode.BOUNDARIES_LOST && length > 0) {
            closeAnswer(new byte[0]); // whatever the client sends now is all it can say
            return;
        }
        int position = offset;
        int end = offset + length;
        while (position < end && (mode == Mode.MESSAGES || mode == Mode.CLOSE_ONLY)) {
            if (closeAwaited && mode == Mode.MESSAGES) {
                enterCloseOnly();
            }
            position = inFrame ? readPayload(data, position, end) : readHeader(data, position, end);
        }
    }

    /**
     * The server sent its close frame: from now on only the client's close frame matters (RFC 6455,
     * section 5.5.1: no data is processed after a close). Safe to call from any thread.
     */
    public void awaitClose() {
        closeAwaited = true;
    }

    /** True while an answer from the client to the server's close can still be recognized in the stream. */
    public boolean awaitsCloseFrame() {
        return mode != Mode.DONE;
    }

    /** Whether the client broke the protocol. */
    public boolean failed() {
        return failed;
    }

    private int readHeader(byte[] data, int position, int end) {
        while (position < end) {
            header[headerLength++] = data[position++];
            int size = headerSize();
            if (size > 0 && headerLength == size) {
                headerLength = 0;
                startFrame();
                return position;
            }
        }
        return position;
    }

    /** The full header size once its second byte is known (a mask only when the mask bit says so), else 0. */
    private int headerSize() {
        if (headerLength < 2) {
            return 0;
        }
        int lengthCode = header[1] & 0x7f;
        int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        return 2 + lengthBytes + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void startFrame() {
        int first = header[0] & 0xff;
        int second = header[1] & 0xff;
        fin = (first & 0x80) != 0;
        opcode = first & 0x0f;
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
            remaining = length;
            maskAt = 10;
        } else {
            remaining = lengthCode;
            maskAt = 2;
        }
        boolean masked = (second & 0x80) != 0;
        if (masked) {
            System.arraycopy(header, maskAt, mask, 0, 4);
        } else {
            Arrays.fill(mask, (byte) 0);
        }
        maskOffset = 0;
        inFrame = true;
        if (remaining < 0) {
            // the frame's end cannot be known, so no frame after it either
            failed = true;
            payload = Payload.SKIP;
            mode = Mode.BOUNDARIES_LOST;
            listener.protocolError(CloseCodes.PROTOCOL_ERROR, "frame length over 2^63");
            return;
        }
        payload = mode == Mode.MESSAGES ? checkedPayload(first, masked) : closeOnlyPayload();
        if (payload == Payload.CONTROL) {
            control = new byte[(int) remaining];
            controlLength = 0;
        }
        if (remaining == 0) {
            if (payload == Payload.DATA) {
                dataPiece(new byte[0], fin);
            }
            endFrame();
        }
    }

    /** Where a frame's payload goes in close-only mode: close frames are read, everything else skipped. */
    private Payload closeOnlyPayload() {
        return opcode == OP_CLOSE && remaining <= MAX_CONTROL_PAYLOAD ? Payload.CONTROL : Payload.SKIP;
    }

    /** The rules of section 5, in messages mode; a violation skips the frame. */
    private Payload checkedPayload(int first, boolean masked) {
        String broken = !masked ? "client frames must be masked"
                : !reservedBitsAllowed(first & 0x70) ? "reserved bits set"
                : opcodeError();
        if (broken == null && (first & RSV1) != 0 && !startsMessage()) {
            broken = "RSV1 (compression) on a continuation or control frame";
        }
        if (broken != null) {
            // a close frame that breaks the rules was the client's close: it owes no other
            violation(CloseCodes.PROTOCOL_ERROR, broken, opcode != OP_CLOSE);
            return Payload.SKIP;
        }
        if (opcode >= OP_CLOSE) {
            return Payload.CONTROL;
        }
        if (opcode != OP_CONTINUATION) {
            messageOpcode = opcode;
            messageCompressed = (first & RSV1) != 0;
            inflatedBytes = 0;
        }
        return Payload.DATA;
    }

    /**
     * Whether these RSV bits (the first byte masked with 0x70) may be set: none, or RSV1 when
     * permessage-deflate was agreed (where, {@link #startsMessage} says).
     */
    private boolean reservedBitsAllowed(int rsvBits) {
        return rsvBits == 0 || (rsvBits == RSV1 && inflater != null);
    }

    /** Whether the frame begins a data message: the only frame RSV1 may mark (RFC 7692, section 6). */
    private boolean startsMessage() {
        return opcode == OP_TEXT || opcode == OP_BINARY;
    }

    /** Why the opcode cannot come here, or null. */
    private String opcodeError() {
        return switch (opcode) {
            case OP_CONTINUATION -> messageOpcode < 0 ? "continuation without a message" : null;
            case OP_TEXT, OP_BINARY -> messageOpcode >= 0 ? "new message inside a fragmented one" : null;
            case OP_CLOSE, OP_PING, OP_PONG -> !fin || remaining > MAX_CONTROL_PAYLOAD
                    ? "control frames are at most 125 bytes, unfragmented" : null;
            default -> "unknown opcode " + opcode;
        };
    }

    private int readPayload(byte[] data, int position, int end) {
        int take = (int) Math.min(remaining, end - position);
        if (payload == Payload.SKIP) {
            remaining -= take;
            maskOffset += take;
        } else {
            byte[] piece = new byte[take];
            for (int i = 0; i < take; i++) {
                piece[i] = (byte) (data[position + i] ^ mask[(int) (maskOffset++ & 3)]);
            }
            remaining -= take;
            if (payload == Payload.CONTROL) {
                System.arraycopy(piece, 0, control, controlLength, take);
                controlLength += take;
            } else {
                dataPiece(piece, remaining == 0 && fin);
            }
        }
        if (remaining == 0 && inFrame) {
            endFrame();
        }
        return position + take;
    }

    /** A frame whose payload is complete. */
    private void endFrame() {
        inFrame = false;
        switch (payload) {
            case CONTROL -> controlFrame(Arrays.copyOf(control, controlLength));
            case DATA -> {
                if (fin) {
                    messageOpcode = -1;
                }
            }
            case SKIP -> {
                if (opcode == OP_CLOSE && mode == Mode.CLOSE_ONLY) {
                    closeAnswer(new byte[0]); // a close frame too long to read: still the client's answer
                }
            }
        }
    }

    private void controlFrame(byte[] bytes) {
        if (mode == Mode.CLOSE_ONLY) {
            if (opcode == OP_CLOSE) {
                closeAnswer(bytes);
            }
            return;
        }
        switch (opcode) {
            case OP_PING -> listener.ping(bytes);
            case OP_PONG -> listener.pong(bytes);
            default -> closeFrame(bytes);
        }
    }

    /** The client's close frame in messages mode: checked, then nothing more is read. */
    private void closeFrame(byte[] bytes) {
        if (bytes.length == 1) {
            violation(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload", false);
            return;
        }
        int code = bytes.length == 0 ? CloseCodes.NO_STATUS : ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        if (bytes.length > 0 && !CloseCodes.allowedOnTheWire(code)) {
            violation(CloseCodes.PROTOCOL_ERROR, "close code " + code + " is not allowed on the wire", false);
            return;
        }
        String reason = bytes.length == 0 ? "" : Utf8Text.whole(bytes, 2, bytes.length - 2);
        if (reason == null) {
            violation(CloseCodes.INVALID_PAYLOAD, "close reason is not UTF-8", false);
            return;
        }
        mode = Mode.DONE;
        listener.close(code, reason);
    }

    /** The client's answer to the server's close: whatever it says, the handshake is complete. */
    private void closeAnswer(byte[] bytes) {
        mode = Mode.DONE;
        int code = bytes.length < 2 ? CloseCodes.NO_STATUS : ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        String reason = bytes.length <= 2 ? "" : String.valueOf(Utf8Text.whole(bytes, 2, bytes.length - 2));
        listener.close(code, reason);
    }

    private void dataPiece(byte[] piece, boolean last) {
        if (messageCompressed) {
            compressedPiece(piece, last);
        } else {
            plainPiece(piece, last);
        }
    }

    /** Compressed bytes of the message: inflated piece by piece, each passed on before the next is made. */
    private void compressedPiece(byte[] piece, boolean last) {
        try {
            inflater.input(piece);
            if (!inflateAvailable()) {
                return;
            }
            if (last) {
                inflater.endOfMessage();
                if (!inflateAvailable()) {
                    return;
                }
                inflater.messageDone();
                messageCompressed = false;
                inflated = null; // client messages are few: an idle connection keeps no piece buffer
                plainPiece(new byte[0], true);
            }
        } catch (DataFormatException e) {
            violation(CloseCodes.INVALID_PAYLOAD, "compressed data does not inflate: " + e.getMessage(), true);
        }
    }

    /** @return false when the message stopped being read (over the limit, or a violation in its text) */
    private boolean inflateAvailable() throws DataFormatException {
        if (inflated == null) {
            inflated = new byte[INFLATED_PIECE];
        }
        int produced;
        while ((produced = inflater.next(inflated)) > 0) {
            inflatedBytes += produced;
            plainPiece(Arrays.copyOf(inflated, produced), false);
            if (mode != Mode.MESSAGES) {
                return false;
            }
            if (inflatedBytes > maxMessageBytes) {
                // the listener now holds more than its limit and closes 1009: nothing more is inflated
                enterCloseOnly();
                return false;
            }
        }
        return true;
    }

    private void plainPiece(byte[] piece, boolean last) {
        if (messageOpcode == OP_BINARY) {
            listener.binaryPart(piece.length, last);
            return;
        }
        String part = text.next(piece, last);
        if (part == null) {
            violation(CloseCodes.INVALID_PAYLOAD, "text is not UTF-8", true);
            return;
        }
        listener.textPart(part, piece.length, last);
    }

    /**
     * Reports a violation once and stops processing: the rest of the current frame is skipped,
     * then, when {@code closeMayFollow}, the stream is read for the client's close frame only.
     */
    private void violation(int closeCode, String why, boolean closeMayFollow) {
        failed = true;
        payload = Payload.SKIP;
        if (closeMayFollow) {
            enterCloseOnly();
        } else {
            mode = Mode.DONE;
        }
        listener.protocolError(closeCode, why);
    }

    private void enterCloseOnly() {
        mode = Mode.CLOSE_ONLY;
        messageOpcode = -1;
        messageCompressed = false;
        inflated = null;
        text = new Utf8Text();
        if (inFrame && !(payload == Payload.CONTROL && opcode == OP_CLOSE)) {
            payload = Payload.SKIP; // data, or a ping not to be answered after a close
        }
    }
}
