package dev.herald.loadtest.client;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads server frames (RFC 6455 5.2) from whatever a read returned: several frames at once, or a
 * frame in pieces over several reads (the header included). One decoder per connection keeps the
 * part read so far. Text messages are accumulated as bytes, so a character split between fragments
 * decodes whole; binary messages and pongs are skipped. After a close frame it reads nothing more.
 * With permessage-deflate agreed ({@link #inflateCompressed}), a text message whose first frame has
 * RSV1 set is inflated before it is handed over.
 */
final class WsFrameDecoder {

    /** The close code reported for a close frame without one (RFC 6455 7.1.5). */
    static final int NO_STATUS = 1005;

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int MAX_MESSAGE_BYTES = 64 << 20;
    /** A buffer grown for a big message is dropped after it, not kept by every connection. */
    private static final int KEPT_BUFFER_BYTES = 16 << 10;
    private static final byte[] EMPTY = new byte[0];

    /** What the frames said, in order, on the reading thread. */
    interface Handler {

        /** A whole text message, as UTF-8 bytes; the array is reused after the call returns. */
        void onText(byte[] bytes, int offset, int length);

        void onPing(byte[] payload);

        /** The close frame: its code ({@link #NO_STATUS} when it had none) and reason. */
        void onClose(int code, String reason);
    }

    private final byte[] header = new byte[10]; // a server frame is unmasked: at most 2 + 8 bytes
    private int headerRead;
    private boolean fin;
    private int opcode;
    private long payloadLeft = -1; // -1 while reading a header
    private int messageOpcode; // TEXT or BINARY while a fragmented message is under way, else 0
    private byte[] message = EMPTY; // most messages never need it: they are handed over from the read buffer
    private int messageLength;
    private byte[] control;
    private int controlRead;
    private boolean closed;
    /** The inflater when permessage-deflate was agreed, else null. */
    private java.util.zip.Inflater inflater;
    private boolean serverKeepsContext;
    private boolean messageCompressed;
    private byte[] inflated = EMPTY;
    private static final byte[] DEFLATE_TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    /** permessage-deflate was agreed: RSV1 marks a compressed message. */
    void inflateCompressed(boolean serverKeepsContext) {
        this.inflater = new java.util.zip.Inflater(true);
        this.serverKeepsContext = serverKeepsContext;
    }

    /** Consumes every byte of {@code in} (a heap buffer), calling the handler per complete message. */
    void feed(ByteBuffer in, Handler handler) throws ProtocolException {
        while (in.hasRemaining() && !closed) {
            if (payloadLeft < 0) {
                if (headerRead == 0 && wholeTextFrame(in, handler)) {
                    continue;
                }
                if (!readHeader(in)) {
                    return;
                }
                startFrame();
                if (payloadLeft > 0) {
                    continue;
                }
            } else {
                readPayload(in);
            }
            if (payloadLeft == 0) {
                endFrame(handler);
            }
        }
    }

    /** The common case, a whole unfragmented text frame in the buffer: handed over without a copy. */
    private boolean wholeTextFrame(ByteBuffer in, Handler handler) {
        int at = in.position();
        int available = in.remaining();
        if (messageOpcode != 0 || available < 2 || in.get(at) != (byte) (0x80 | TEXT)) {
            return false;
        }
        int length = in.get(at + 1) & 0xFF; // a mask bit makes it >= 128: the slow path reports it
        int headerLength = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = ((in.get(at + 2) & 0xFF) << 8) | (in.get(at + 3) & 0xFF);
            headerLength = 4;
        } else if (length > 126) {
            return false;
        }
        if (available < headerLength + length) {
            return false;
        }
        in.position(at + headerLength + length);
        handler.onText(in.array(), in.arrayOffset() + at + headerLength, length);
        return true;
    }

    /** Inflates the compressed message in {@code message} (RFC 7692 7.2.2) into {@link #inflated}; returns its length. */
    private int inflate() throws ProtocolException {
        try {
            inflater.setInput(message, 0, messageLength);
            int length = inflateAvailable(0);
            inflater.setInput(DEFLATE_TAIL);
            length = inflateAvailable(length);
            if (!serverKeepsContext || inflater.finished()) {
                inflater.reset();
            }
            return length;
        } catch (java.util.zip.DataFormatException e) {
            throw new ProtocolException("compressed message does not inflate: " + e.getMessage());
        }
    }

    private int inflateAvailable(int length) throws java.util.zip.DataFormatException {
        while (true) {
            if (inflated.length - length < 1024) {
                byte[] grown = new byte[Math.max(4096, inflated.length * 2)];
                System.arraycopy(inflated, 0, grown, 0, length);
                inflated = grown;
            }
            int n = inflater.inflate(inflated, length, inflated.length - length);
            length += n;
            if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                return length;
            }
            if (length > MAX_MESSAGE_BYTES) {
                throw new java.util.zip.DataFormatException("inflates past " + MAX_MESSAGE_BYTES + " bytes");
            }
            if (n == 0 && inflater.needsDictionary()) {
                throw new java.util.zip.DataFormatException("needs a dictionary");
            }
        }
    }

    private boolean readHeader(ByteBuffer in) {
        int needed = headerRead < 2 ? 2 : headerLength();
        while (headerRead < needed) {
            if (!in.hasRemaining()) {
                return false;
            }
            header[headerRead++] = in.get();
            if (headerRead == 2) {
                needed = headerLength();
            }
        }
        return true;
    }

    private int headerLength() {
        int length = header[1] & 0x7F;
        return length == 126 ? 4 : length == 127 ? 10 : 2;
    }

    private void startFrame() throws ProtocolException {
        headerRead = 0;
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0F;
        int rsv = header[0] & 0x70;
        boolean startsMessage = opcode == TEXT || opcode == BINARY;
        if (rsv != 0 && !(rsv == 0x40 && inflater != null && startsMessage)) {
            throw new ProtocolException("reserved bits set without an extension");
        }
        if (startsMessage) {
            messageCompressed = rsv != 0;
        }
        if ((header[1] & 0x80) != 0) {
            throw new ProtocolException("masked server frame");
        }
        long length = header[1] & 0x7F;
        if (length == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (length == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new ProtocolException("frame length over 2^63");
            }
        }
        switch (opcode) {
            case CONTINUATION -> {
                if (messageOpcode == 0) {
                    throw new ProtocolException("continuation frame without a message");
                }
            }
            case TEXT, BINARY -> {
                if (messageOpcode != 0) {
                    throw new ProtocolException("new message inside a fragmented one");
                }
                messageOpcode = opcode;
            }
            case CLOSE, PING, PONG -> {
                if (!fin || length > 125) {
                    throw new ProtocolException("fragmented or long control frame");
                }
                control = new byte[(int) length];
                controlRead = 0;
            }
            default -> throw new ProtocolException("unknown opcode " + opcode);
        }
        if (messageOpcode == TEXT && opcode <= TEXT && messageLength + length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException("text message over " + MAX_MESSAGE_BYTES + " bytes");
        }
        payloadLeft = length;
    }

    private void readPayload(ByteBuffer in) {
        int n = (int) Math.min(payloadLeft, in.remaining());
        if (opcode >= CLOSE) {
            in.get(control, controlRead, n);
            controlRead += n;
        } else if (messageOpcode == TEXT) {
            if (messageLength + n > message.length) {
                byte[] grown = new byte[Math.max(messageLength + n, Math.min(MAX_MESSAGE_BYTES, Math.max(256, message.length * 2)))];
                System.arraycopy(message, 0, grown, 0, messageLength);
                message = grown;
            }
            in.get(message, messageLength, n);
            messageLength += n;
        } else {
            in.position(in.position() + n);
        }
        payloadLeft -= n;
    }

    private void endFrame(Handler handler) throws ProtocolException {
        payloadLeft = -1;
        switch (opcode) {
            case PING -> handler.onPing(control);
            case PONG -> { }
            case CLOSE -> {
                closed = true;
                if (control.length == 1) {
                    throw new ProtocolException("close frame with a one-byte payload");
                }
                int code = control.length == 0 ? NO_STATUS : ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
                String reason = control.length <= 2 ? "" : new String(control, 2, control.length - 2, StandardCharsets.UTF_8);
                handler.onClose(code, reason);
            }
            default -> {
                if (!fin) {
                    return;
                }
                if (messageOpcode == TEXT && messageCompressed) {
                    int length = inflate();
                    handler.onText(inflated, 0, length);
                } else if (messageOpcode == TEXT) {
                    handler.onText(message, 0, messageLength);
                }
                messageOpcode = 0;
                messageLength = 0;
                if (message.length > KEPT_BUFFER_BYTES) {
                    message = EMPTY;
                }
                if (inflated.length > KEPT_BUFFER_BYTES) {
                    inflated = EMPTY;
                }
            }
        }
    }
}
