package dev.herald.loadtest.client;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FrameReaderTest {

    @Test
    void readsAnEventWithThePublishersSendTimeFromThePayload() {
        Frame f = FrameReader.read("{\"type\":\"event\",\"jobId\":\"job-1\",\"seq\":42,\"eventType\":\"loadtest.tick\","
                + "\"occurredAt\":\"2026-01-02T03:04:05.678Z\",\"payload\":{\"nested\":{\"sentNanos\":1},\"sentNanos\":123456789,"
                + "\"pad\":\"x}]\\\"\"},\"replay\":false}");
        assertThat(f.type()).isEqualTo("event");
        assertThat(f.jobId()).isEqualTo("job-1");
        assertThat(f.seq()).isEqualTo(42);
        assertThat(f.sentNanos()).as("only the payload's own field counts").isEqualTo(123456789L);
        assertThat(f.replay()).isFalse();
    }

    @Test
    void readsErrorsCaughtUpAndWhitespace() {
        Frame error = FrameReader.read(" { \"type\" : \"error\", \"code\":\"SUBSCRIPTION_LIMIT\", \"message\":\"Subscription \\\"limit\\\" reached\",\"id\":\"s6\" } ");
        assertThat(error.code()).isEqualTo("SUBSCRIPTION_LIMIT");
        assertThat(error.message()).isEqualTo("Subscription \"limit\" reached");
        assertThat(error.id()).isEqualTo("s6");
        Frame caughtUp = FrameReader.read("{\"type\":\"caught-up\",\"jobId\":\"j\",\"seq\":120,\"replayed\":120,\"durationMs\":12}");
        assertThat(caughtUp.replayed()).isEqualTo(120);
        assertThat(caughtUp.durationMs()).isEqualTo(12);
        assertThat(caughtUp.sentNanos()).isEqualTo(Frame.NONE);
    }

    @Test
    void anEventWithoutAnObjectPayloadHasNoSendTime() {
        Frame f = FrameReader.read("{\"type\":\"event\",\"seq\":1,\"payload\":[1,{\"sentNanos\":5}],\"replay\":true}");
        assertThat(f.sentNanos()).isEqualTo(Frame.NONE);
        assertThat(f.replay()).isTrue();
    }

    @Test
    void garbageIsInvalidNotAnException() {
        assertThat(FrameReader.read("not json").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"type\":").type()).isEqualTo("invalid");
    }

    @Test
    void readsAFrameInsideALargerBufferWithoutLookingPastIt() {
        byte[] frame = "{\"type\":\"event\",\"seq\":7,\"payload\":{\"sentNanos\":-5}}".getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[frame.length + 20];
        java.util.Arrays.fill(buffer, (byte) '}');
        System.arraycopy(frame, 0, buffer, 10, frame.length);
        Frame f = FrameReader.read(buffer, 10, frame.length);
        assertThat(f.type()).isSameAs("event");
        assertThat(f.seq()).isEqualTo(7);
        assertThat(f.sentNanos()).isEqualTo(-5);
        assertThat(FrameReader.read(buffer, 10, frame.length - 1).type()).as("cut short").isEqualTo("invalid");
    }

    @Test
    void readsNonAsciiEscapedKeysLargeAndFractionalNumbers() {
        Frame f = FrameReader.read("{\"typ\\u0065\":\"err\\u006fr\",\"message\":\"caf\u00e9 \u2014 \\ud83d\\ude00\",\"seq\":9223372036854775807,"
                + "\"headSeq\":1.5e3,\"replayed\":-0,\"durationMs\":12.9}");
        assertThat(f.type()).isEqualTo("error");
        assertThat(f.message()).isEqualTo("caf\u00e9 \u2014 \ud83d\ude00");
        assertThat(f.seq()).isEqualTo(Long.MAX_VALUE);
        assertThat(f.headSeq()).isEqualTo(1500);
        assertThat(f.replayed()).isZero();
        assertThat(f.durationMs()).isEqualTo(12);
    }

    @Test
    void trailingDataAndBadValuesAreInvalid() {
        assertThat(FrameReader.read("{\"type\":\"event\"} x").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"type\":\"event\",}").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"seq\":-}").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"seq\":}").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"type\":\"ev").message()).as("the text, for the report").isEqualTo("{\"type\":\"ev");
    }

    /** Random frames, in the gateway's shapes and others, read alike by this reader and a JSON parser. */
    @Test
    void agreesWithAJsonParserOnRandomFrames() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            String text = randomFrame(random);
            JsonObject expected = Json.createReader(new StringReader(text)).readObject();
            Frame f = FrameReader.read(text);
            assertThat(f.type()).as(text).isEqualTo(string(expected, "type"));
            assertThat(f.jobId()).as(text).isEqualTo(string(expected, "jobId"));
            assertThat(f.code()).as(text).isEqualTo(string(expected, "code"));
            assertThat(f.message()).as(text).isEqualTo(string(expected, "message"));
            assertThat(f.seq()).as(text).isEqualTo(number(expected, "seq"));
            assertThat(f.headSeq()).as(text).isEqualTo(number(expected, "headSeq"));
            assertThat(f.replay()).as(text).isEqualTo(expected.get("replay") == JsonValue.TRUE);
            JsonValue payload = expected.get("payload");
            long sent = payload instanceof JsonObject p ? number(p, "sentNanos") : Frame.NONE;
            assertThat(f.sentNanos()).as(text).isEqualTo(sent);
        }
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static long number(JsonObject o, String key) {
        return o.get(key) instanceof JsonNumber n ? n.longValue() : Frame.NONE;
    }

    private static String randomFrame(Random random) {
        String[] keys = {"type", "jobId", "code", "message", "seq", "headSeq", "replay", "payload", "eventType", "occurredAt", "x"};
        StringBuilder out = new StringBuilder("{");
        int members = random.nextInt(8);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int m = 0; m < members; m++) {
            String key = keys[random.nextInt(keys.length)];
            if (!used.add(key)) {
                continue;
            }
            if (out.length() > 1) {
                out.append(random.nextBoolean() ? "," : " ,\n");
            }
            out.append('"').append(key).append("\":").append(random.nextBoolean() ? "" : " ");
            out.append(key.equals("payload") ? randomPayload(random) : randomValue(random, 0));
        }
        return out.append(random.nextBoolean() ? "}" : "} ").toString();
    }

    private static String randomPayload(Random random) {
        if (random.nextInt(4) == 0) {
            return randomValue(random, 1);
        }
        StringBuilder out = new StringBuilder("{");
        if (random.nextBoolean()) {
            out.append("\"nested\":").append(randomValue(random, 1)).append(',');
        }
        out.append("\"sentNanos\":").append(random.nextBoolean() ? String.valueOf(random.nextLong()) : randomValue(random, 1));
        return out.append(",\"pad\":\"}]\\\"\"}").toString();
    }

    private static String randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 5 : 7)) {
            case 0 -> String.valueOf(random.nextInt(2_000_000) - 1_000_000);
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> "null";
            case 3 -> "\"" + new String[] {"event", "caught-up", "job-\u00e9\u4e2d", "a\\\"b", "\\u0041x", ""}[random.nextInt(6)] + "\"";
            case 4 -> String.valueOf(Math.abs(random.nextLong()));
            case 5 -> "[" + randomValue(random, depth + 1) + "," + randomValue(random, depth + 1) + "]";
            default -> "{\"k\":" + randomValue(random, depth + 1) + ",\"sentNanos\":" + randomValue(random, depth + 1) + "}";
        };
    }
}
