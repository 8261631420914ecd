package dev.herald.adapter.websocket.rfc6455;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFrameDecoderTest {

    /** Everything the decoder reports, as text lines. */
    private final List<String> seen = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final ClientFrameDecoder decoder = new ClientFrameDecoder(new ClientFrameDecoder.Listener() {
        @Override
        public void textPart(String part, long bytes, boolean last) {
            text.append(part);
            if (last) {
                seen.add("text:" + text);
                text.setLength(0);
            }
        }

        @Override
        public void binaryPart(long bytes, boolean last) {
            seen.add("binary:" + bytes + (last ? ":last" : ""));
        }

        @Override
        public void ping(byte[] payload) {
            seen.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void close(int code, String reason) {
            seen.add("close:" + code + ":" + reason);
        }

        @Override
        public void protocolError(int closeCode, String why) {
            seen.add("error:" + closeCode);
        }
    });

    @Test
    void aMaskedTextFrame() {
        feed(frame(true, 1, utf8("{\"type\":\"ping\"}")));
        assertThat(seen).containsExactly("text:{\"type\":\"ping\"}");
    }

    @Test
    void framesArrivingOneByteAtATime() {
        byte[] stream = concat(frame(true, 1, utf8("héllo")), frame(true, 9, utf8("p")), frame(true, 1, utf8("wörld")));
        for (byte b : stream) {
            decoder.feed(new byte[]{b}, 0, 1);
        }
        assertThat(seen).containsExactly("text:héllo", "ping:p", "text:wörld");
    }

    @Test
    void aFragmentedMessageWithACharacterSplitBetweenFramesAndAPingBetweenThem() {
        byte[] euro = utf8("€"); // 3 bytes
        feed(concat(frame(false, 1, concat(utf8("price "), new byte[]{euro[0]})),
                frame(true, 9, utf8("keepalive")),
                frame(false, 0, new byte[]{euro[1], euro[2]}),
                frame(true, 0, utf8("5"))));
        assertThat(seen).containsExactly("ping:keepalive", "text:price €5");
    }

    @Test
    void sixteenAndSixtyFourBitLengths() {
        String medium = "m".repeat(300);
        String large = "l".repeat(70_000);
        feed(concat(frame(true, 1, utf8(medium)), frame(true, 1, utf8(large))));
        assertThat(seen).containsExactly("text:" + medium, "text:" + large);
    }

    @Test
    void binaryFramesAreReportedBySize() {
        feed(concat(frame(false, 2, new byte[10]), frame(true, 0, new byte[5])));
        assertThat(seen).containsExactly("binary:10", "binary:5:last");
    }

    @Test
    void closeFrames() {
        feed(frame(true, 8, concat(new byte[]{0x0f, (byte) 0xa0}, utf8("bye")))); // 4000
        feed(frame(true, 8, new byte[0]));
        assertThat(seen).containsExactly("close:4000:bye", "close:1005:");
    }

    @Test
    void aCloseFrameWithOneBytePayloadIsAProtocolError() {
        feed(frame(true, 8, new byte[]{3}));
        assertThat(seen).containsExactly("error:1002");
    }

    @Test
    void unmaskedFramesAreRefused() {
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        feed(unmasked);
        assertThat(seen).containsExactly("error:1002");
    }

    @Test
    void reservedBitsAndUnknownOpcodesAreRefused() {
        byte[] rsv = frame(true, 1, utf8("x"));
        rsv[0] |= 0x40;
        feed(rsv);
        assertThat(seen).containsExactly("error:1002");

        ClientFrameDecoderTest other = new ClientFrameDecoderTest();
        other.feed(frame(true, 3, utf8("x")));
        assertThat(other.seen).containsExactly("error:1002");
    }

    @Test
    void controlFramesMustBeShortAndWhole() {
        feed(frame(true, 9, new byte[126]));
        assertThat(seen).containsExactly("error:1002");

        ClientFrameDecoderTest other = new ClientFrameDecoderTest();
        other.feed(frame(false, 9, utf8("x")));
        assertThat(other.seen).containsExactly("error:1002");
    }

    @Test
    void continuationsOutOfPlaceAreRefused() {
        feed(frame(true, 0, utf8("x")));
        assertThat(seen).containsExactly("error:1002");

        ClientFrameDecoderTest other = new ClientFrameDecoderTest();
        other.feed(concat(frame(false, 1, utf8("a")), frame(true, 1, utf8("b"))));
        assertThat(other.seen).containsExactly("error:1002");
    }

    @Test
    void invalidUtf8IsRefusedWith1007AndNothingIsReadAfterIt() {
        feed(concat(frame(true, 1, new byte[]{'o', 'k', (byte) 0xc3}), frame(true, 1, utf8("after"))));
        assertThat(seen).containsExactly("error:1007");
        assertThat(decoder.failed()).isTrue();
    }

    @Test
    void aHugeDeclaredFrameIsPassedOnInPiecesAsItArrives() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x81);
        header.write(0x80 | 127);
        for (int i = 7; i >= 0; i--) {
            header.write((int) ((1L << 40) >> (8 * i)));
        }
        header.writeBytes(new byte[4]); // zero mask: payload bytes as they are
        List<Long> parts = new ArrayList<>();
        ClientFrameDecoder streaming = new ClientFrameDecoder(new ClientFrameDecoder.Listener() {
            @Override
            public void textPart(String part, long bytes, boolean last) {
                parts.add(bytes);
            }

            @Override
            public void binaryPart(long bytes, boolean last) {
            }

            @Override
            public void ping(byte[] payload) {
            }

            @Override
            public void close(int code, String reason) {
            }

            @Override
            public void protocolError(int closeCode, String why) {
                parts.add(-1L);
            }
        });
        byte[] start = header.toByteArray();
        streaming.feed(start, 0, start.length);
        byte[] chunk = utf8("x".repeat(8192));
        streaming.feed(chunk, 0, chunk.length);
        streaming.feed(chunk, 0, chunk.length);
        assertThat(parts).containsExactly(8192L, 8192L);
    }

    private void feed(byte[] bytes) {
        decoder.feed(bytes, 0, bytes.length);
    }

    /** A client frame, masked as RFC 6455 requires. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length <= 0xffff) {
            out.write(0x80 | 126);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) length >> (8 * i)) & 0xff);
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        out.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
