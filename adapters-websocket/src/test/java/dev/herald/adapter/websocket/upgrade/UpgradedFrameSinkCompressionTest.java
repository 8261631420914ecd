package dev.herald.adapter.websocket.upgrade;

import dev.herald.adapter.websocket.connection.OutboundFrame;
import dev.herald.adapter.websocket.rfc6455.MessageInflater;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link UpgradedFrameSink} on connections that agreed to permessage-deflate. */
class UpgradedFrameSinkCompressionTest {

    private static final int THRESHOLD = 1024;

    /** Bytes saved, as reported for metrics. */
    private final java.util.List<Integer> saved = new java.util.ArrayList<>();

    private UpgradedFrameSink sink(UpgradedFrameSinkTest.FakeOutput out, int compressAbove) {
        return new UpgradedFrameSink(out, () -> { }, () -> { }, task -> { }, () -> { }, compressAbove, saved::add);
    }

    private static String json(int bytes) {
        StringBuilder text = new StringBuilder("{\"type\":\"event\",\"payload\":[");
        while (text.length() < bytes - 2) {
            text.append('"').append("step").append(text.length() % 7).append("\",");
        }
        text.setLength(bytes - 2);
        return text.append("]}").toString();
    }

    @Test
    void aFrameOverTheThresholdGoesOutCompressedWithRsv1AndInflatesBack() throws Exception {
        UpgradedFrameSinkTest.FakeOutput out = new UpgradedFrameSinkTest.FakeOutput();
        String text = json(2048);
        sink(out, THRESHOLD).send(OutboundFrame.of(text), false);
        byte[] wire = out.bytes.toByteArray();
        assertThat(wire[0] & 0xff).as("FIN, RSV1, text").isEqualTo(0xC1);
        assertThat(wire.length).isLessThan(text.length() / 2);
        assertThat(inflate(payloadOf(wire))).isEqualTo(text);
        assertThat(saved).containsExactly(4 + 2048 - wire.length);
    }

    @Test
    void aFrameAtOrUnderTheThresholdGoesOutPlain() throws IOException {
        UpgradedFrameSinkTest.FakeOutput out = new UpgradedFrameSinkTest.FakeOutput();
        String text = json(THRESHOLD);
        sink(out, THRESHOLD).send(OutboundFrame.of(text), false);
        byte[] wire = out.bytes.toByteArray();
        assertThat(wire[0] & 0xff).isEqualTo(0x81);
        assertThat(new String(payloadOf(wire), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(saved).isEmpty();
    }

    @Test
    void aConnectionWithoutCompressionGetsThePlainFrame() throws IOException {
        UpgradedFrameSinkTest.FakeOutput out = new UpgradedFrameSinkTest.FakeOutput();
        sink(out, UpgradedFrameSink.NEVER).send(OutboundFrame.of(json(4096)), false);
        assertThat(out.bytes.toByteArray()[0] & 0xff).isEqualTo(0x81);
    }

    @Test
    void aFrameIsCompressedOnceForAllItsSubscribers() throws IOException {
        OutboundFrame frame = OutboundFrame.of(json(4096));
        UpgradedFrameSinkTest.FakeOutput first = new UpgradedFrameSinkTest.FakeOutput();
        UpgradedFrameSinkTest.FakeOutput second = new UpgradedFrameSinkTest.FakeOutput();
        UpgradedFrameSinkTest.FakeOutput plain = new UpgradedFrameSinkTest.FakeOutput();
        sink(first, THRESHOLD).send(frame, false);
        byte[] built = frame.wireForm(UpgradedFrameSink.DEFLATED_FRAME);
        sink(second, THRESHOLD).send(frame, false);
        sink(plain, UpgradedFrameSink.NEVER).send(frame, false);
        assertThat(frame.wireForm(UpgradedFrameSink.DEFLATED_FRAME)).isSameAs(built);
        assertThat(second.bytes.toByteArray()).isEqualTo(first.bytes.toByteArray()).isEqualTo(built);
        assertThat(plain.bytes.toByteArray()[0] & 0xff).isEqualTo(0x81);
    }

    @Test
    void aPayloadThatDoesNotShrinkGoesOutPlain() throws IOException {
        // "ab" deflates to 4 bytes (4a 4c 02 00): the compressed frame would be longer than the plain one
        UpgradedFrameSinkTest.FakeOutput out = new UpgradedFrameSinkTest.FakeOutput();
        sink(out, 0).send(OutboundFrame.of("ab"), false);
        assertThat(out.bytes.toByteArray()).containsExactly(0x81, 2, 'a', 'b');
    }

    /** The payload of a single unmasked server frame. */
    private static byte[] payloadOf(byte[] frame) {
        int code = frame[1] & 0x7f;
        int header = code < 126 ? 2 : code == 126 ? 4 : 10;
        return Arrays.copyOfRange(frame, header, frame.length);
    }

    private static String inflate(byte[] deflated) throws DataFormatException {
        MessageInflater inflater = new MessageInflater(false);
        inflater.input(deflated);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        int n;
        while ((n = inflater.next(buffer)) > 0) {
            plain.write(buffer, 0, n);
        }
        inflater.endOfMessage();
        while ((n = inflater.next(buffer)) > 0) {
            plain.write(buffer, 0, n);
        }
        return plain.toString(StandardCharsets.UTF_8);
    }
}
