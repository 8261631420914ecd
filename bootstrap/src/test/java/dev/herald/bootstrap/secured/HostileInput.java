package dev.herald.bootstrap.secured;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Generators of hostile input for the fuzz tests: reproducible from the seed they are given. */
final class HostileInput {

    /** A frame to send: a text frame (given as raw bytes, so it may be invalid UTF-8) or another opcode. */
    record Frame(String category, boolean fin, int opcode, byte[] payload) {
    }

    private static final List<String> TYPES = List.of("subscribe", "unsubscribe", "ping", "refresh", "publish", "", "SUBSCRIBE",
            "event", "subscribed", "\u0000", "ping\u0000", "x".repeat(300));

    private final Random random;

    HostileInput(Random random) {
        this.random = random;
    }

    Frame nextFrame(String job) {
        int pick = random.nextInt(100);
        if (pick < 12) {
            return text("malformed-json", malformedJson());
        }
        if (pick < 24) {
            return text("wrong-types", wrongTypes());
        }
        if (pick < 32) {
            return text("huge-numbers", "{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"afterSeq\":" + hugeNumber() + "}");
        }
        if (pick < 38) {
            return text("deep-nesting", deepNesting());
        }
        if (pick < 48) {
            return text("unknown-fields", "{\"type\":\"ping\",\"id\":\"u\",\"" + randomAscii(8) + "\":" + anyValue() + "}");
        }
        if (pick < 58) {
            return text("control-chars", controlChars(job));
        }
        if (pick < 64) {
            return new Frame("binary", true, 0x2, randomBytes(random.nextInt(2_000)));
        }
        if (pick < 66) {
            return text("oversize", "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(17_000 + random.nextInt(50_000)) + "\"}");
        }
        if (pick < 68) {
            return new Frame("invalid-utf8", true, 0x1, invalidUtf8());
        }
        if (pick < 69) {
            return new Frame("stray-continuation", true, 0x0, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 70) {
            return new Frame("unknown-opcode", true, 0x3 + random.nextInt(5), randomBytes(10));
        }
        return text("valid", valid(job));
    }

    private Frame text(String category, String text) {
        return new Frame(category, true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private String malformedJson() {
        String[] samples = {"{", "}", "{\"type\":", "{\"type\":\"ping\"", "[1,2", "nul", "{'type':'ping'}",
                "{\"type\":\"ping\",}", "{\"type\"\"ping\"}", "\"unterminated", "{\"a\":1}{\"b\":2}", "", " ", "\u00ff\u00fe",
                "{\"type\":\"ping\"} trailing", "{\"type\":tru}", "1e", "--1", "{\"type\":\"\\uZZZZ\"}"};
        return random.nextBoolean() ? samples[random.nextInt(samples.length)] : randomAscii(random.nextInt(200));
    }

    private String wrongTypes() {
        String[] samples = {"{\"type\":42}", "{\"type\":null}", "{\"type\":[\"ping\"]}", "{\"type\":{\"x\":1}}",
                "{\"type\":\"subscribe\",\"jobId\":42}", "{\"type\":\"subscribe\",\"jobId\":[\"a\"]}",
                "{\"type\":\"subscribe\",\"jobId\":\"ok\",\"afterSeq\":\"3\"}", "{\"type\":\"subscribe\",\"jobId\":\"ok\",\"afterSeq\":1.5}",
                "{\"type\":\"subscribe\",\"jobId\":\"ok\",\"afterSeq\":-1}", "{\"type\":\"ping\",\"id\":7}",
                "{\"type\":\"ping\",\"id\":{\"a\":1}}", "{\"type\":\"unsubscribe\"}", "[]", "true", "\"ping\"", "null",
                "{\"type\":\"" + TYPES.get(random.nextInt(TYPES.size())) + "\"}"};
        return samples[random.nextInt(samples.length)];
    }

    private String hugeNumber() {
        String[] samples = {"1e309", "-1e309", "99999999999999999999999999", "9223372036854775808", "1" + "0".repeat(5000),
                "0.0000000001", "1E18", "-0", "9223372036854775807"};
        return samples[random.nextInt(samples.length)];
    }

    private String deepNesting() {
        int depth = 500 + random.nextInt(3_000);
        return random.nextBoolean()
                ? "{\"type\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}"
                : "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    }

    private String controlChars(String job) {
        String ctl = "\\u0000\\u0001\\u001b[2J\\u007f\\r\\n\\t\\u2028";
        String[] samples = {"{\"type\":\"ping\",\"id\":\"" + ctl + "\"}",
                "{\"type\":\"subscribe\",\"jobId\":\"" + job + ctl + "\",\"id\":\"c\"}",
                "{\"type\":\"subscribe\",\"jobId\":\"\\u0000\"}", "{\"type\":\"ping" + ctl + "\"}",
                "{\"type\":\"unsubscribe\",\"jobId\":\"../../etc/passwd\",\"id\":\"" + ctl + "\"}"};
        return samples[random.nextInt(samples.length)];
    }

    private String valid(String job) {
        return switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"ping\",\"id\":\"v" + random.nextInt(1000) + "\"}";
            case 1 -> "{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"afterSeq\":" + random.nextInt(5) + "}";
            default -> "{\"type\":\"unsubscribe\",\"jobId\":\"" + job + "\"}";
        };
    }

    private String anyValue() {
        String[] samples = {"1", "\"s\"", "null", "[1,[2,[3]]]", "{\"k\":{\"v\":true}}", "-0.5e-7"};
        return samples[random.nextInt(samples.length)];
    }

    private byte[] invalidUtf8() {
        byte[][] samples = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0x7B, (byte) 0xC0, (byte) 0xAF, 0x7D}};
        return samples[random.nextInt(samples.length)];
    }

    String randomAscii(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return out.toString();
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
