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
        public void pong(byte[] payload) {
            seen.add("pong:" + new String(payload, StandardCharsets.UTF_8));
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
        assertThat(seen).containsExactly("close:4000:bye");

        ClientFrameDecoderTest other = new ClientFrameDecoderTest();
        other.feed(frame(true, 8, new byte[0]));
        assertThat(other.seen).containsExactly("close:1005:");
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
    void pongsAreReportedWhetherAskedForOrNot() {
        feed(concat(frame(true, 10, utf8("late")), frame(true, 10, new byte[0])));
        assertThat(seen).containsExactly("pong:late", "pong:");
    }

    @Test
    void closeCodesTheRfcDoesNotAllowOnTheWireAreAProtocolErrorAndNoAnswerIsAwaited() {
        for (int code : new int[]{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            ClientFrameDecoderTest other = new ClientFrameDecoderTest();
            other.feed(frame(true, 8, new byte[]{(byte) (code >> 8), (byte) code}));
            assertThat(other.seen).as("code %d", code).containsExactly("error:1002");
            assertThat(other.decoder.awaitsCloseFrame()).as("the client's close was its close").isFalse();
        }
    }

    @Test
    void everyCodeTheRfcAndIanaAllowIsAccepted() {
        for (int code : new int[]{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
            ClientFrameDecoderTest other = new ClientFrameDecoderTest();
            other.feed(frame(true, 8, new byte[]{(byte) (code >> 8), (byte) code}));
            assertThat(other.seen).as("code %d", code).containsExactly("close:" + code + ":");
        }
    }

    @Test
    void aCloseReasonThatIsNotUtf8Is1007() {
        feed(frame(true, 8, concat(new byte[]{0x03, (byte) 0xe8}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80})));
        assertThat(seen).containsExactly("error:1007");
        assertThat(decoder.awaitsCloseFrame()).isFalse();
    }

    @Test
    void aCloseFrameOver125BytesIsAProtocolErrorAndNoOtherCloseIsAwaited() {
        feed(frame(true, 8, concat(new byte[]{0x03, (byte) 0xe8}, new byte[124])));
        assertThat(seen).containsExactly("error:1002");
        assertThat(decoder.awaitsCloseFrame()).isFalse();
    }

    @Test
    void nothingIsReadAfterTheClientsClose() {
        feed(concat(frame(true, 8, new byte[]{0x03, (byte) 0xe8}), frame(true, 9, utf8("p")), frame(true, 1, utf8("t"))));
        assertThat(seen).containsExactly("close:1000:");
        assertThat(decoder.awaitsCloseFrame()).isFalse();
    }

    @Test
    void afterAViolationOnlyTheClientsCloseFrameIsLookedFor() {
        byte[] rsv = frame(true, 1, utf8("bad"));
        rsv[0] |= 0x20;
        feed(concat(rsv, frame(true, 1, utf8("ignored")), frame(true, 9, utf8("not answered")),
                frame(false, 0, utf8("no rules now")), frame(true, 8, new byte[]{0x03, (byte) 0xea})));
        assertThat(seen).containsExactly("error:1002", "close:1002:");
    }

    @Test
    void afterInvalidUtf8TheRestOfTheFrameIsSkippedAndTheCloseFound() {
        feed(concat(frame(true, 1, concat(utf8("ok"), new byte[]{(byte) 0xc0, (byte) 0xaf}, utf8("rest"))),
                frame(true, 8, new byte[0])));
        assertThat(seen).containsExactly("error:1007", "close:1005:");
    }

    @Test
    void anUnmaskedFrameIsStillDelimitedSoTheCloseAfterItIsFound() {
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        feed(concat(unmasked, frame(true, 8, new byte[]{0x03, (byte) 0xe8})));
        assertThat(seen).containsExactly("error:1002", "close:1000:");
    }

    @Test
    void aLengthWithItsMostSignificantBitSetLosesTheFrameBoundaries() {
        byte[] header = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4};
        feed(concat(header, frame(true, 8, new byte[]{0x03, (byte) 0xe8})));
        assertThat(seen).containsExactly("error:1002");
        assertThat(decoder.awaitsCloseFrame()).isFalse();
    }

    @Test
    void onceTheServerClosedNoDataPingOrPongIsProcessedUntilTheAnswer() {
        feed(frame(false, 1, utf8("{\"type\":")));
        decoder.awaitClose();
        feed(concat(frame(true, 0, utf8("\"ping\"}")), frame(true, 9, utf8("p")), frame(true, 10, utf8("q")),
                frame(true, 1, utf8("x")), frame(true, 8, new byte[]{0x03, (byte) 0xe8})));
        assertThat(seen).containsExactly("close:1000:");
        assertThat(decoder.failed()).isFalse();
    }

    @Test
    void invalidUtf8IsFoundAtItsFirstByteBeforeTheFrameEnds() {
        byte[] whole = frame(true, 1, concat(utf8("κόσμε"), new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, utf8("edited")));
        int header = whole.length - (utf8("κόσμε").length + 4 + 6);
        decoder.feed(whole, 0, header + utf8("κόσμε").length + 1);
        assertThat(seen).isEmpty();
        assertThat(text).hasToString("κόσμε");
        decoder.feed(whole, header + utf8("κόσμε").length + 1, 1);
        assertThat(seen).containsExactly("error:1007");
    }

    @Test
    void aValidStreamCutAnywhereReadsTheSame() {
        byte[] euro = utf8("€");
        byte[] stream = concat(frame(false, 1, concat(utf8("a"), new byte[]{euro[0], euro[1]})), frame(true, 9, utf8("p")),
                frame(true, 10, new byte[3]), frame(true, 0, concat(new byte[]{euro[2]}, utf8("z".repeat(300)))),
                frame(true, 2, new byte[70_000]), frame(true, 1, new byte[0]), frame(true, 8, new byte[]{0x0f, (byte) 0xa0}));
        feed(stream);
        List<String> whole = List.copyOf(seen);
        java.util.Random random = new java.util.Random(6455);
        for (int round = 0; round < 200; round++) {
            ClientFrameDecoderTest cut = new ClientFrameDecoderTest();
            for (int at = 0; at < stream.length; ) {
                int length = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 20_000));
                cut.decoder.feed(stream, at, length);
                at += length;
            }
            List<String> merged = new ArrayList<>();
            for (String event : cut.seen) {
                merged.add(event);
            }
            assertThat(merged.stream().filter(e -> !e.startsWith("binary")).toList())
                    .isEqualTo(whole.stream().filter(e -> !e.startsWith("binary")).toList());
            assertThat(binaryBytes(cut.seen)).isEqualTo(70_000);
        }
    }

    private static long binaryBytes(List<String> events) {
        return events.stream().filter(e -> e.startsWith("binary:")).mapToLong(e -> Long.parseLong(e.split(":")[1])).sum();
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
            public void pong(byte[] payload) {
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
