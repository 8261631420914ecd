package dev.herald.adapter.websocket.rfc6455;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageDeflaterTest {

    /** RFC 7692, section 7.2.3.1: "Hello" in one compressed message. */
    private static final byte[] HELLO = bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);

    @Test
    void helloCompressesAsTheRfcShows() {
        assertThat(MessageDeflater.deflate(utf8("Hello"))).isEqualTo(HELLO);
    }

    @Test
    void withoutContextTakeoverTheSameMessageCompressesTheSameEveryTime() {
        // RFC 7692, section 7.2.3.2: with context takeover the second would be f2 00 11 00 00
        assertThat(MessageDeflater.deflate(utf8("Hello"))).isEqualTo(HELLO);
        assertThat(MessageDeflater.deflate(utf8("Hello"))).isEqualTo(HELLO);
    }

    @Test
    void anEmptyMessageIsOneZeroByte() {
        // RFC 7692, section 7.2.3.6
        assertThat(MessageDeflater.deflate(new byte[0])).isEqualTo(bytes(0x00));
    }

    @Test
    void helloInflates() throws DataFormatException {
        assertThat(inflate(new MessageInflater(true), HELLO)).isEqualTo("Hello");
    }

    @Test
    void theRfcsSecondMessageInflatesWithTheFirstsContext() throws DataFormatException {
        // section 7.2.3.2: "Hello" twice, the second a back-reference into the first
        MessageInflater inflater = new MessageInflater(true);
        assertThat(inflate(inflater, HELLO)).isEqualTo("Hello");
        assertThat(inflate(inflater, bytes(0xf2, 0x00, 0x11, 0x00, 0x00))).isEqualTo("Hello");
    }

    @Test
    void withoutClientContextTakeoverEachMessageStandsAlone() throws DataFormatException {
        MessageInflater inflater = new MessageInflater(false);
        assertThat(inflate(inflater, HELLO)).isEqualTo("Hello");
        assertThatThrownBy(() -> inflate(inflater, bytes(0xf2, 0x00, 0x11, 0x00, 0x00)))
                .isInstanceOf(DataFormatException.class);
    }

    @Test
    void storedBlocksAndAFinalBlockInflate() throws DataFormatException {
        // section 7.2.3.3 (no compression) and 7.2.3.4 (BFINAL set)
        assertThat(inflate(new MessageInflater(true), bytes(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00)))
                .isEqualTo("Hello");
        assertThat(inflate(new MessageInflater(true), bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00))).isEqualTo("Hello");
    }

    @Test
    void largeMessagesRoundTripInSmallPieces() throws DataFormatException {
        StringBuilder json = new StringBuilder();
        Random random = new Random(7);
        while (json.length() < 200_000) {
            json.append("{\"seq\":").append(random.nextInt(1000)).append(",\"status\":\"running\"},");
        }
        byte[] message = utf8(json.toString());
        byte[] deflated = MessageDeflater.deflate(message);
        assertThat(deflated.length).isLessThan(message.length / 4);
        assertThat(inflate(new MessageInflater(true), deflated)).isEqualTo(json.toString());
    }

    @Test
    void afterItsEndAnInflaterTakesNothingAndGivesNothing() throws DataFormatException {
        MessageInflater inflater = new MessageInflater(true);
        inflater.input(HELLO);
        inflater.end();
        inflater.input(HELLO);
        inflater.endOfMessage();
        assertThat(inflater.next(new byte[100])).isZero();
        inflater.messageDone();
    }

    @Test
    void garbageDoesNotInflate() {
        assertThatThrownBy(() -> inflate(new MessageInflater(true), bytes(0xff, 0xff, 0xff, 0xff)))
                .isInstanceOf(DataFormatException.class);
    }

    /** Feeds {@code compressed} in 3-byte pieces and reads the output 100 bytes at a time. */
    private static String inflate(MessageInflater inflater, byte[] compressed) throws DataFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[100];
        for (int at = 0; at < compressed.length; at += 3) {
            inflater.input(java.util.Arrays.copyOfRange(compressed, at, Math.min(compressed.length, at + 3)));
            drain(inflater, buffer, out);
        }
        inflater.endOfMessage();
        drain(inflater, buffer, out);
        inflater.messageDone();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void drain(MessageInflater inflater, byte[] buffer, ByteArrayOutputStream out) throws DataFormatException {
        int produced;
        while ((produced = inflater.next(buffer)) > 0) {
            out.write(buffer, 0, produced);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
