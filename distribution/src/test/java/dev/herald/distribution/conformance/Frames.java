package dev.herald.distribution.conformance;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Random;

/** Client frames as bytes (RFC 6455, section 5.2), with every bit settable, valid or not. */
final class Frames {

    static final SecureRandom RANDOM = new SecureRandom();

    private Frames() {
    }

    /** A masked frame with a random mask and the shortest length encoding. */
    static byte[] client(boolean fin, int rsv, int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        return frame(fin, rsv, opcode, payload, mask, lengthCodeFor(payload.length));
    }

    /** A masked frame whose mask comes from {@code random} (for reproducible fuzzing). */
    static byte[] client(boolean fin, int rsv, int opcode, byte[] payload, Random random) {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        return frame(fin, rsv, opcode, payload, mask, lengthCodeFor(payload.length));
    }

    /** The frame without a mask (which a client must never send). */
    static byte[] unmasked(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, payload, null, lengthCodeFor(payload.length));
    }

    /**
     * A frame whose length is written with {@code lengthCode} (0-125 for the 7-bit form, 126 for
     * 16 bits, 127 for 64 bits), whatever the payload's size: non-minimal encodings.
     */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, byte[] mask, int lengthCode) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0x0F));
        int maskBit = mask == null ? 0 : 0x80;
        if (lengthCode < 126) {
            frame.write(maskBit | payload.length);
        } else if (lengthCode == 126) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        if (mask == null) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** A masked header announcing {@code length} bytes (64-bit form), without the payload. */
    static byte[] header64(boolean fin, int opcode, long length) {
        byte[] header = new byte[14];
        header[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        header[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, header, 10, 4);
        return header;
    }

    static int lengthCodeFor(int length) {
        return length < 126 ? length : length <= 0xFFFF ? 126 : 127;
    }

    static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
