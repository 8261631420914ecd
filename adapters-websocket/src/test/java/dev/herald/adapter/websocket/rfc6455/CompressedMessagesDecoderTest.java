package dev.herald.adapter.websocket.rfc6455;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.herald.adapter.websocket.rfc6455.ClientFrameDecoderTest.concat;
import static dev.herald.adapter.websocket.rfc6455.ClientFrameDecoderTest.frame;
import static dev.herald.adapter.websocket.rfc6455.ClientFrameDecoderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientFrameDecoder} with permessage-deflate agreed (RFC 7692). */
class CompressedMessagesDecoderTest {

    private static final int RSV1 = 0x40;
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int LIMIT = 100_000;

    private final List<String> seen = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private long textBytes;
    /** The most plain bytes handed over in one part. */
    private long largestPart;

    private ClientFrameDecoder decoder(boolean contextTakeover) {
        return new ClientFrameDecoder(new ClientFrameDecoder.Listener() {
            @Override
            public void textPart(String part, long bytes, boolean last) {
                text.append(part);
                textBytes += bytes;
                largestPart = Math.max(largestPart, bytes);
                if (last) {
                    seen.add("text:" + text + ":" + textBytes);
                    text.setLength(0);
                    textBytes = 0;
                }
            }

            @Override
            public void binaryPart(long bytes, boolean last) {
                seen.add("binary:" + bytes + (last ? ":last" : ""));
            }

            @Override
            public void ping(byte[] payload) {
                seen.add("ping");
            }

            @Override
            public void pong(byte[] payload) {
                seen.add("pong");
            }

            @Override
            public void close(int code, String reason) {
                seen.add("close:" + code);
            }

            @Override
            public void protocolError(int closeCode, String why) {
                seen.add("error:" + closeCode);
            }
        }, new MessageInflater(contextTakeover), LIMIT);
    }

    @Test
    void aCompressedTextMessageIsPassedOnInflated() {
        feed(decoder(true), frame(true, RSV1 | TEXT, MessageDeflater.deflate(utf8("{\"type\":\"ping\"}"))));
        assertThat(seen).containsExactly("text:{\"type\":\"ping\"}:15");
    }

    @Test
    void compressedAndPlainMessagesMixAndContextCarriesOver() {
        // RFC 7692, section 7.2.3.2: the second "Hello" refers back to the first
        feed(decoder(true), concat(frame(true, RSV1 | TEXT, MessageDeflaterTest.bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)),
                frame(true, TEXT, utf8("plain")),
                frame(true, RSV1 | TEXT, MessageDeflaterTest.bytes(0xf2, 0x00, 0x11, 0x00, 0x00))));
        assertThat(seen).containsExactly("text:Hello:5", "text:plain:5", "text:Hello:5");
    }

    @Test
    void aFragmentedCompressedMessageWithAPingBetweenFragmentsReadByteByByte() {
        String message = "€ and more ".repeat(500);
        byte[] deflated = MessageDeflater.deflate(utf8(message));
        int half = deflated.length / 2;
        byte[] stream = concat(frame(false, RSV1 | TEXT, Arrays.copyOfRange(deflated, 0, half)),
                frame(true, 9, new byte[0]),
                frame(true, 0, Arrays.copyOfRange(deflated, half, deflated.length)));
        ClientFrameDecoder decoder = decoder(true);
        for (byte b : stream) {
            decoder.feed(new byte[]{b}, 0, 1);
        }
        assertThat(seen).containsExactly("ping", "text:" + message + ":" + utf8(message).length);
    }

    @Test
    void compressedBinaryIsCountedInflated() {
        feed(decoder(false), frame(true, RSV1 | BINARY, MessageDeflater.deflate(new byte[5000])));
        long total = seen.stream().filter(s -> s.startsWith("binary:")).mapToLong(s -> Long.parseLong(s.split(":")[1])).sum();
        assertThat(total).isEqualTo(5000);
        assertThat(seen.get(seen.size() - 1)).endsWith(":last");
    }

    @Test
    void rsv1OnAContinuationIsAProtocolError() {
        byte[] deflated = MessageDeflater.deflate(utf8("Hello"));
        feed(decoder(true), concat(frame(false, RSV1 | TEXT, deflated), frame(true, RSV1, new byte[0])));
        assertThat(seen).containsExactly("error:1002");
    }

    @Test
    void rsv1OnAControlFrameIsAProtocolError() {
        feed(decoder(true), frame(true, RSV1 | 9, new byte[0]));
        assertThat(seen).containsExactly("error:1002");
    }

    @Test
    void rsv1WithoutTheExtensionIsAProtocolError() {
        ClientFrameDecoder plain = new ClientFrameDecoder(new ClientFrameDecoder.Listener() {
            public void textPart(String part, long bytes, boolean last) { seen.add("text"); }
            public void binaryPart(long bytes, boolean last) { seen.add("binary"); }
            public void ping(byte[] payload) { }
            public void pong(byte[] payload) { }
            public void close(int code, String reason) { }
            public void protocolError(int closeCode, String why) { seen.add("error:" + closeCode); }
        });
        feed(plain, frame(true, RSV1 | TEXT, MessageDeflater.deflate(utf8("Hello"))));
        assertThat(seen).containsExactly("error:1002");
    }

    @Test
    void dataThatDoesNotInflateIs1007() {
        feed(decoder(true), frame(true, RSV1 | TEXT, MessageDeflaterTest.bytes(0xff, 0xff, 0xff, 0xff)));
        assertThat(seen).containsExactly("error:1007");
    }

    @Test
    void compressedTextThatIsNotUtf8Is1007() {
        feed(decoder(true), frame(true, RSV1 | TEXT, MessageDeflater.deflate(MessageDeflaterTest.bytes(0xc0, 0xaf))));
        assertThat(seen).containsExactly("error:1007");
    }

    @Test
    void aDecompressionBombIsInflatedNoFurtherThanTheLimitAndOnePiece() {
        // 64 MiB of zeros compress to about 64 KiB: inflated whole it would be 64 MiB
        byte[] bomb = MessageDeflater.deflate(new byte[64 << 20]);
        ClientFrameDecoder decoder = decoder(true);
        byte[] stream = concat(frame(true, RSV1 | TEXT, bomb), frame(true, TEXT, utf8("after")),
                frame(true, 8, new byte[]{0x03, (byte) 0xe8}));
        decoder.feed(stream, 0, stream.length);
        assertThat(textBytes).as("plain bytes handed over").isGreaterThan(LIMIT)
                .isLessThanOrEqualTo(LIMIT + ClientFrameDecoder.INFLATED_PIECE);
        assertThat(largestPart).isLessThanOrEqualTo(ClientFrameDecoder.INFLATED_PIECE);
        // nothing after the bomb is processed but the client's close, the answer to the server's 1009
        assertThat(seen).containsExactly("close:1000");
    }

    private static void feed(ClientFrameDecoder decoder, byte[] bytes) {
        decoder.feed(bytes, 0, bytes.length);
    }
}
