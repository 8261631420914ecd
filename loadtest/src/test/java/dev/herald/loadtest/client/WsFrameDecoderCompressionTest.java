package dev.herald.loadtest.client;

import org.junit.jupiter.api.Test;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness' frame decoder with permessage-deflate agreed (RFC 7692). */
class WsFrameDecoderCompressionTest {

    /** RFC 7692, section 7.2.3.1: "Hello" compressed. */
    private static final byte[] HELLO = {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00};

    private final List<String> texts = new ArrayList<>();
    private final WsFrameDecoder.Handler handler = new WsFrameDecoder.Handler() {
        @Override
        public void onText(byte[] bytes, int offset, int length) {
            texts.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onPing(byte[] payload) {
        }

        @Override
        public void onClose(int code, String reason) {
        }
    };

    @Test
    void aCompressedMessageIsInflatedAndPlainOnesStillPass() throws ProtocolException {
        WsFrameDecoder decoder = new WsFrameDecoder();
        decoder.inflateCompressed(false);
        decoder.feed(ByteBuffer.wrap(FakeServer.concat(frame(0xC1, HELLO), FakeServer.text("plain"), frame(0xC1, HELLO))), handler);
        assertThat(texts).containsExactly("Hello", "plain", "Hello");
    }

    @Test
    void aCompressedMessageInFragmentsReadByteByByte() throws ProtocolException {
        WsFrameDecoder decoder = new WsFrameDecoder();
        decoder.inflateCompressed(false);
        byte[] stream = FakeServer.concat(frame(0x41, java.util.Arrays.copyOf(HELLO, 3)),
                frame(0x80, java.util.Arrays.copyOfRange(HELLO, 3, HELLO.length)));
        for (byte b : stream) {
            decoder.feed(ByteBuffer.wrap(new byte[]{b}), handler);
        }
        assertThat(texts).containsExactly("Hello");
    }

    @Test
    void rsv1WithoutTheExtensionIsAProtocolError() {
        WsFrameDecoder decoder = new WsFrameDecoder();
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(frame(0xC1, HELLO)), handler))
                .isInstanceOf(ProtocolException.class);
    }

    /** An unmasked server frame with this first byte (FIN, RSV, opcode). */
    private static byte[] frame(int firstByte, byte[] payload) {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) firstByte;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }
}
