package dev.herald.loadtest.client;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of a server frame straight from its UTF-8 bytes, without building a JSON tree or
 * a string per key: the harness reads up to hundreds of thousands of frames a second on the same
 * cores as the gateway, and every allocation and copy it saves is CPU the gateway gets. Keys are
 * compared as bytes, numbers are read digit by digit, known {@code type} values are shared constants,
 * and what the harness does not need (nested values other than the payload's top-level
 * {@code sentNanos}) is skipped. Accepts any valid JSON object; a frame that is not one yields type
 * {@code "invalid"} with the frame's text as its message.
 */
public final class FrameReader {

    private static final String[] KNOWN_TYPES = {"event", "caught-up", "subscribed", "unsubscribed", "error", "pong"};
    private static final byte[][] KNOWN_TYPE_BYTES = ascii(KNOWN_TYPES);

    private static final byte[] TYPE = ascii("type");
    private static final byte[] JOB_ID = ascii("jobId");
    private static final byte[] CODE = ascii("code");
    private static final byte[] ID = ascii("id");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] SEQ = ascii("seq");
    private static final byte[] HEAD_SEQ = ascii("headSeq");
    private static final byte[] REPLAYED = ascii("replayed");
    private static final byte[] DURATION_MS = ascii("durationMs");
    private static final byte[] REPLAY = ascii("replay");
    private static final byte[] PAYLOAD = ascii("payload");
    private static final byte[] SENT_NANOS = ascii("sentNanos");
    private static final byte[] TRUE = ascii("true");

    private final byte[] b;
    private final int end;
    private int pos;
    /** Where the last key read starts and ends (between its quotes), and whether it had escapes. */
    private int keyStart;
    private int keyEnd;
    private boolean keyEscaped;

    private String type;
    private String jobId;
    private long seq = Frame.NONE;
    private String code;
    private String id;
    private boolean replay;
    private long sentNanos = Frame.NONE;
    private long headSeq = Frame.NONE;
    private long replayed = Frame.NONE;
    private long durationMs = Frame.NONE;
    private String message;

    private FrameReader(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    public static Frame read(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return read(bytes, 0, bytes.length);
    }

    /** Reads the frame held in {@code bytes[offset, offset + length)}; the bytes are not kept. */
    public static Frame read(byte[] bytes, int offset, int length) {
        FrameReader reader = new FrameReader(bytes, offset, length);
        try {
            reader.readTopLevel();
        } catch (RuntimeException e) {
            return new Frame("invalid", null, Frame.NONE, null, null, false, Frame.NONE, Frame.NONE, Frame.NONE, Frame.NONE,
                    new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
        return new Frame(reader.type, reader.jobId, reader.seq, reader.code, reader.id, reader.replay,
                reader.sentNanos, reader.headSeq, reader.replayed, reader.durationMs, reader.message);
    }

    private void readTopLevel() {
        skipWs();
        expect('{');
        skipWs();
        if (peek() == '}') {
            pos++;
            expectEnd();
            return;
        }
        while (true) {
            readKey();
            if (keyIs(TYPE)) {
                type = typeOrSkip();
            } else if (keyIs(JOB_ID)) {
                jobId = stringOrSkip();
            } else if (keyIs(CODE)) {
                code = stringOrSkip();
            } else if (keyIs(ID)) {
                id = stringOrSkip();
            } else if (keyIs(MESSAGE)) {
                message = stringOrSkip();
            } else if (keyIs(SEQ)) {
                seq = numberOrSkip();
            } else if (keyIs(HEAD_SEQ)) {
                headSeq = numberOrSkip();
            } else if (keyIs(REPLAYED)) {
                replayed = numberOrSkip();
            } else if (keyIs(DURATION_MS)) {
                durationMs = numberOrSkip();
            } else if (keyIs(REPLAY)) {
                replay = booleanOrSkip();
            } else if (keyIs(PAYLOAD)) {
                readPayload();
            } else {
                skipValue();
            }
            if (endOfObject()) {
                expectEnd();
                return;
            }
        }
    }

    private void readPayload() {
        if (peek() != '{') {
            skipValue();
            return;
        }
        pos++;
        skipWs();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            readKey();
            if (keyIs(SENT_NANOS)) {
                sentNanos = numberOrSkip();
            } else {
                skipValue();
            }
            if (endOfObject()) {
                return;
            }
        }
    }

    /** Reads {@code "key" :} and what follows it up to the value. */
    private void readKey() {
        skipWs();
        expect('"');
        keyStart = pos;
        keyEscaped = skipStringBody();
        keyEnd = pos - 1;
        skipWs();
        expect(':');
        skipWs();
    }

    private boolean keyIs(byte[] expected) {
        if (keyEscaped) { // legal JSON, never sent by the gateway: compare the unescaped key
            return unescape(keyStart, keyEnd).equals(new String(expected, StandardCharsets.US_ASCII));
        }
        return equalsRange(expected, keyStart, keyEnd);
    }

    /** After a member: true at the object's closing brace, false at a comma (both consumed). */
    private boolean endOfObject() {
        skipWs();
        byte c = next();
        if (c == '}') {
            return true;
        }
        if (c != ',') {
            throw new IllegalStateException("expected , or }");
        }
        return false;
    }

    /** A known type is the shared constant; an unknown one a new string. */
    private String typeOrSkip() {
        return stringOrSkip(true);
    }

    private String stringOrSkip() {
        return stringOrSkip(false);
    }

    private String stringOrSkip(boolean knownType) {
        if (peek() != '"') {
            skipValue();
            return null;
        }
        int start = ++pos;
        boolean escaped = skipStringBody();
        int stop = pos - 1;
        if (escaped) {
            return unescape(start, stop);
        }
        if (knownType) {
            for (int t = 0; t < KNOWN_TYPE_BYTES.length; t++) {
                if (equalsRange(KNOWN_TYPE_BYTES[t], start, stop)) {
                    return KNOWN_TYPES[t];
                }
            }
        }
        return new String(b, start, stop - start, StandardCharsets.UTF_8);
    }

    private long numberOrSkip() {
        byte c = peek();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return Frame.NONE;
        }
        int start = pos;
        boolean negative = c == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            value = value * 10 + (b[pos++] - '0');
            digits++;
        }
        if (digits == 0) {
            throw new IllegalStateException("expected a digit");
        }
        if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E') || digits > 18) {
            // a fraction, an exponent or a long that may overflow: rare, read it the slow way
            while (pos < end && isNumberChar(b[pos])) {
                pos++;
            }
            String number = new String(b, start, pos - start, StandardCharsets.US_ASCII);
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                return (long) Double.parseDouble(number);
            }
        }
        return negative ? -value : value;
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
    }

    private boolean booleanOrSkip() {
        if (equalsRange(TRUE, pos, Math.min(end, pos + 4))) {
            pos += 4;
            return true;
        }
        skipValue();
        return false;
    }

    /** From just after an opening quote to just after the closing one; true when it held escapes. */
    private boolean skipStringBody() {
        boolean escaped = false;
        while (true) {
            byte c = b[checkedPos()];
            pos++;
            if (c == '"') {
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                checkedPos();
                pos++;
            }
        }
    }

    private int checkedPos() {
        if (pos >= end) {
            throw new IllegalStateException("unexpected end");
        }
        return pos;
    }

    /** The string between {@code start} and {@code stop} (exclusive, inside the quotes), unescaped. */
    private String unescape(int start, int stop) {
        String raw = new String(b, start, stop - start, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private void skipValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            skipStringBody();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                byte d = b[checkedPos()];
                pos++;
                if (d == '"') {
                    skipStringBody();
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return;
                    }
                }
            }
        }
        int start = pos;
        while (pos < end && b[pos] != ',' && b[pos] != '}' && b[pos] != ']' && !isWs(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw new IllegalStateException("expected a value");
        }
    }

    private boolean equalsRange(byte[] expected, int start, int stop) {
        if (stop - start != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void skipWs() {
        while (pos < end && isWs(b[pos])) {
            pos++;
        }
    }

    private void expectEnd() {
        skipWs();
        if (pos != end) {
            throw new IllegalStateException("trailing data");
        }
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private byte peek() {
        return b[checkedPos()];
    }

    private byte next() {
        byte c = b[checkedPos()];
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalStateException("expected " + c);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] ascii(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = ascii(values[i]);
        }
        return out;
    }
}
