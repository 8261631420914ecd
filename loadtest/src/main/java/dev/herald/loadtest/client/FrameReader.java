package dev.herald.loadtest.client;

/**
 * Reads the fields of a server frame without building a JSON tree: the harness reads up to hundreds
 * of thousands of frames a second on the same cores as the gateway, so it skips what it does not
 * need (nested values other than the payload's top-level {@code sentNanos}) instead of parsing it.
 * Accepts any valid JSON object; a frame that is not one yields type {@code "invalid"}.
 */
public final class FrameReader {

    private final String s;
    private int pos;

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

    private FrameReader(String s) {
        this.s = s;
    }

    public static Frame read(String text) {
        FrameReader reader = new FrameReader(text);
        try {
            reader.readTopLevel();
        } catch (RuntimeException e) {
            return new Frame("invalid", null, Frame.NONE, null, null, false, Frame.NONE, Frame.NONE, Frame.NONE, Frame.NONE, text);
        }
        return new Frame(reader.type, reader.jobId, reader.seq, reader.code, reader.id, reader.replay,
                reader.sentNanos, reader.headSeq, reader.replayed, reader.durationMs, reader.message);
    }

    private void readTopLevel() {
        skipWs();
        expect('{');
        skipWs();
        if (peek() == '}') {
            return;
        }
        while (true) {
            skipWs();
            String key = readString();
            skipWs();
            expect(':');
            skipWs();
            switch (key) {
                case "type" -> type = stringOrSkip();
                case "jobId" -> jobId = stringOrSkip();
                case "code" -> code = stringOrSkip();
                case "id" -> id = stringOrSkip();
                case "message" -> message = stringOrSkip();
                case "seq" -> seq = numberOrSkip();
                case "headSeq" -> headSeq = numberOrSkip();
                case "replayed" -> replayed = numberOrSkip();
                case "durationMs" -> durationMs = numberOrSkip();
                case "replay" -> replay = booleanOrSkip();
                case "payload" -> readPayload();
                default -> skipValue();
            }
            skipWs();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException("expected , or }");
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
            skipWs();
            String key = readString();
            skipWs();
            expect(':');
            skipWs();
            if ("sentNanos".equals(key)) {
                sentNanos = numberOrSkip();
            } else {
                skipValue();
            }
            skipWs();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException("expected , or }");
            }
        }
    }

    private String stringOrSkip() {
        if (peek() == '"') {
            return readString();
        }
        skipValue();
        return null;
    }

    private long numberOrSkip() {
        char c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String number = s.substring(start, pos);
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                return (long) Double.parseDouble(number);
            }
        }
        skipValue();
        return Frame.NONE;
    }

    private boolean booleanOrSkip() {
        if (s.startsWith("true", pos)) {
            pos += 4;
            return true;
        }
        skipValue();
        return false;
    }

    private String readString() {
        expect('"');
        StringBuilder out = null;
        int start = pos;
        while (true) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return out == null ? s.substring(start, pos - 1) : out.toString();
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(s.substring(start, pos - 1));
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
    }

    private void skipValue() {
        char c = peek();
        if (c == '"') {
            readString();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                char d = s.charAt(pos);
                if (d == '"') {
                    readString();
                    continue;
                }
                pos++;
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return;
                    }
                }
            }
        }
        while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return s.charAt(pos);
    }

    private char next() {
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (s.charAt(pos++) != c) {
            throw new IllegalStateException("expected " + c);
        }
    }
}
