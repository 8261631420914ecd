package dev.herald.distribution.conformance;

import dev.herald.bootstrap.testing.GatewayApi;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static dev.herald.distribution.conformance.WireClient.BINARY;
import static dev.herald.distribution.conformance.WireClient.CONTINUATION;
import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Autobahn sections 12 and 13, {@code permessage-deflate} (RFC 7692), against a gateway with
 * {@code herald.socket.compression} on. One test per case, named by its number: section 12 sends
 * compressed messages of 16 bytes to 128 KiB, whole or auto-fragmented (Autobahn's 18 sizes), from
 * five kinds of data (12.1 JSON, 12.2 a bitmap, 12.3 German prose sent as binary, 12.4 HTML, 12.5
 * a PDF: Autobahn's files, generated here with the same character); section 13 sends the JSON data
 * with each of Autobahn's seven offers.
 *
 * <p>Herald's echo, each case {@link #ROUND_TRIPS} times (Autobahn: 1000) on one connection:
 * <ul>
 *   <li>inbound: a compressed text message of the case's size is a {@code ping} request of exactly
 *   that size carrying the data (up to the inbound limit: 128 KiB is sent as 64 KiB), answered by
 *   its {@code pong}; a compressed binary message is answered {@code BAD_REQUEST};</li>
 *   <li>outbound: an event of about the case's size is published to a job the connection follows;
 *   it must arrive with its data intact, compressed exactly when its frame is over the threshold
 *   (with the extension agreed).</li>
 * </ul>
 * Offers the server cannot honour (13.3 and 13.5 limit the server's window to 8 bits) must be
 * declined, as RFC 7692 asks: the handshake succeeds without the extension and the same exchange
 * runs uncompressed (Autobahn reports such a case "unimplemented"). Then the cases Autobahn does
 * not have: Chromium's offer (the client keeps its context), RSV1 where it may not be, a
 * decompression bomb, data that does not inflate.
 */
interface CompressionCases extends TransportUnderTest {

    /** Messages each way per case. */
    int ROUND_TRIPS = 5;
    /** Autobahn's (payload size, auto-fragment size) pairs, in case order. */
    int[][] MESSAGE_SIZES = {
            {16, 0}, {64, 0}, {256, 0}, {1024, 0}, {4096, 0}, {8192, 0}, {16384, 0}, {32768, 0}, {65536, 0}, {131072, 0},
            {8192, 256}, {16384, 256}, {32768, 256}, {65536, 256}, {131072, 256}, {131072, 1024}, {131072, 4096},
            {131072, 32768}};
    /** Autobahn's default offer: the client accepts a request not to keep its context, and a window limit. */
    String DEFAULT_OFFER = "permessage-deflate; client_no_context_takeover; client_max_window_bits";
    /** Chromium's offer. */
    String CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits";

    /** {@code herald.socket.compression-threshold-bytes} of the gateway under test. */
    int compressionThreshold();

    /** The kinds of data of section 12, standing in for Autobahn's files. */
    enum Data {
        JSON(false), BITMAP(true), PROSE(true), HTML(false), PDF(true);

        final boolean binary;

        Data(boolean binary) {
            this.binary = binary;
        }
    }

    @TestFactory
    default Stream<DynamicTest> cases_12_1() {
        return section12(1, Data.JSON);
    }

    @TestFactory
    default Stream<DynamicTest> cases_12_2() {
        return section12(2, Data.BITMAP);
    }

    @TestFactory
    default Stream<DynamicTest> cases_12_3() {
        return section12(3, Data.PROSE);
    }

    @TestFactory
    default Stream<DynamicTest> cases_12_4() {
        return section12(4, Data.HTML);
    }

    @TestFactory
    default Stream<DynamicTest> cases_12_5() {
        return section12(5, Data.PDF);
    }

    /** 13.1: the default offer, accepted. */
    @TestFactory
    default Stream<DynamicTest> cases_13_1() {
        return section13(1, DEFAULT_OFFER, "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    /** 13.2: the client asks the server not to keep its context: what Herald always does. */
    @TestFactory
    default Stream<DynamicTest> cases_13_2() {
        return section13(2, DEFAULT_OFFER + "; server_no_context_takeover",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    /** 13.3: a server window of 8 bits, which the JDK's deflater cannot keep to: declined. */
    @TestFactory
    default Stream<DynamicTest> cases_13_3() {
        return section13(3, DEFAULT_OFFER + "; server_max_window_bits=8", null);
    }

    /** 13.4: a server window of 15 bits: accepted by answering with it. */
    @TestFactory
    default Stream<DynamicTest> cases_13_4() {
        return section13(4, DEFAULT_OFFER + "; server_max_window_bits=15",
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=15; client_no_context_takeover");
    }

    @TestFactory
    default Stream<DynamicTest> cases_13_5() {
        return section13(5, DEFAULT_OFFER + "; server_no_context_takeover; server_max_window_bits=8", null);
    }

    @TestFactory
    default Stream<DynamicTest> cases_13_6() {
        return section13(6, DEFAULT_OFFER + "; server_no_context_takeover; server_max_window_bits=15",
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=15; client_no_context_takeover");
    }

    /** 13.7: three offers, 13.5's, 13.2's and 13.1's: the first cannot be honoured, the second is taken. */
    @TestFactory
    default Stream<DynamicTest> cases_13_7() {
        return section13(7, DEFAULT_OFFER + "; server_no_context_takeover; server_max_window_bits=8, "
                        + DEFAULT_OFFER + "; server_no_context_takeover, " + DEFAULT_OFFER,
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    /** Chromium's offer: the client keeps its context from message to message, and the server reads it so. */
    @Test
    default void pmd_client_context_takeover() throws Exception {
        exchange("pmd.client-context-takeover", CHROMIUM_OFFER, "permessage-deflate; server_no_context_takeover",
                Data.JSON, 4096, 0);
    }

    /** RSV1 marks the first frame of a compressed message only: on a continuation it fails the connection. */
    @Test
    default void pmd_rsv1_on_a_continuation() throws Exception {
        check("pmd.rsv1-continuation", () -> {
            try (Conversation c = Conversation.open(base(), DEFAULT_OFFER)) {
                byte[] deflated = new ClientDeflater(false).deflate(HeraldEcho.request(utf8("split")));
                c.send(Conversation.Chops.STREAM, Frames.client(false, 4, TEXT, Arrays.copyOf(deflated, 2)),
                        Frames.client(true, 4, CONTINUATION, Arrays.copyOfRange(deflated, 2, deflated.length)));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void pmd_rsv1_on_a_ping() throws Exception {
        check("pmd.rsv1-ping", () -> {
            try (Conversation c = Conversation.open(base(), DEFAULT_OFFER)) {
                c.send(Conversation.Chops.STREAM, Frames.client(true, 4, PING, new byte[0]));
                c.failsWith(1002);
            }
        });
    }

    /** Without the extension agreed, RSV1 fails the connection even on a gateway with compression on. */
    @Test
    default void pmd_rsv1_without_the_extension() throws Exception {
        check("pmd.rsv1-not-agreed", () -> {
            try (Conversation c = Conversation.open(base())) {
                byte[] deflated = new ClientDeflater(false).deflate(HeraldEcho.request(utf8("x")));
                c.send(Conversation.Chops.STREAM, Frames.client(true, 4, TEXT, deflated));
                c.failsWith(1002);
            }
        });
    }

    /**
     * A decompression bomb: 64 times the inbound limit of blanks inside a ping request compresses
     * to a few KiB; the limit counts inflated bytes, so it is {@code MESSAGE_TOO_LARGE} and 1009.
     */
    @Test
    default void pmd_decompression_bomb() throws Exception {
        check("pmd.bomb", () -> {
            try (Conversation c = Conversation.open(base(), DEFAULT_OFFER)) {
                byte[] bomb = HeraldEcho.pingOfSize(64 * inboundLimit(), "bomb");
                byte[] deflated = new ClientDeflater(false).deflate(bomb);
                assertThat(deflated.length).isLessThan(inboundLimit() / 8);
                c.send(Conversation.Chops.STREAM, Frames.client(true, 4, TEXT, deflated));
                c.error("MESSAGE_TOO_LARGE");
                c.failsWith(1009);
            }
        });
    }

    @Test
    default void pmd_data_that_does_not_inflate() throws Exception {
        check("pmd.bad-data", () -> {
            try (Conversation c = Conversation.open(base(), DEFAULT_OFFER)) {
                c.send(Conversation.Chops.STREAM, Frames.client(true, 4, TEXT, Frames.bytes(0xff, 0xff, 0xff, 0xff)));
                c.failsWith(1007);
            }
        });
    }

    private Stream<DynamicTest> section12(int subsection, Data data) {
        return IntStream.rangeClosed(1, MESSAGE_SIZES.length).mapToObj(n -> DynamicTest.dynamicTest(
                "case_12_" + subsection + "_" + n, () -> exchange("12." + subsection + "." + n, DEFAULT_OFFER,
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        data, MESSAGE_SIZES[n - 1][0], MESSAGE_SIZES[n - 1][1])));
    }

    private Stream<DynamicTest> section13(int subsection, String offer, String answer) {
        return IntStream.rangeClosed(1, MESSAGE_SIZES.length).mapToObj(n -> DynamicTest.dynamicTest(
                "case_13_" + subsection + "_" + n, () -> exchange("13." + subsection + "." + n, offer, answer,
                        Data.JSON, MESSAGE_SIZES[n - 1][0], MESSAGE_SIZES[n - 1][1])));
    }

    /**
     * One case: the handshake's answer to {@code offer} ({@code answer}, null when it must be
     * declined), then {@link #ROUND_TRIPS} messages each way, then a normal close.
     */
    private void exchange(String caseId, String offer, String answer, Data data, int size, int fragmentSize)
            throws Exception {
        check(caseId, () -> {
            try (Conversation c = Conversation.open(base(), offer)) {
                if (answer == null) {
                    assertThat(c.wire().extensions()).as("the answer to an offer that cannot be honoured").isEmpty();
                } else {
                    assertThat(parameters(c.wire().extensions())).as("the extension agreed").isEqualTo(parameters(answer));
                }
                ClientDeflater deflater = c.wire().deflate()
                        ? new ClientDeflater(!c.wire().extensions().contains("client_no_context_takeover")) : null;
                String job = "pmd-" + caseId.replace('.', '-') + "-" + Long.toHexString(Frames.RANDOM.nextLong());
                c.wire().text("{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"id\":\"s\"}");
                assertThat(c.nextJson().getString("type")).isEqualTo("subscribed");
                assertThat(c.nextJson().getString("type")).isEqualTo("caught-up");
                GatewayApi api = new GatewayApi(base());
                Random random = new Random(size * 31L + fragmentSize);
                for (int k = 1; k <= ROUND_TRIPS; k++) {
                    String id = "m" + k;
                    int inbound = Math.min(size, inboundLimit());
                    byte[] message = data.binary ? DataOf.bytes(data, inbound, random) : DataOf.pingRequest(data, inbound, id, random);
                    send(c, data.binary ? BINARY : TEXT, message, deflater, fragmentSize);
                    if (data.binary) {
                        c.error("BAD_REQUEST");
                    } else if (HeraldEcho.sizeHoldsId(inbound, id)) {
                        c.echo(id);
                    } else {
                        c.echoWithoutId();
                    }
                    String text = DataOf.text(Data.JSON, Math.max(1, size - 160), random);
                    api.publish(job, "pmd.step", "{\"data\":\"" + text + "\"}");
                    WireClient.Received next = c.next();
                    assertThat(next).as("the event").isInstanceOf(WireClient.Text.class);
                    WireClient.Text event = (WireClient.Text) next;
                    JsonObject json = GatewayApi.json(event.text());
                    assertThat(json.getString("type")).isEqualTo("event");
                    assertThat(json.getJsonObject("payload").getString("data")).as("the event's data").isEqualTo(text);
                    boolean overThreshold = event.text().getBytes(StandardCharsets.UTF_8).length > compressionThreshold();
                    assertThat(event.compressed()).as("event frame of %d bytes compressed", event.text().length())
                            .isEqualTo(deflater != null && overThreshold);
                }
                c.closesNormally();
            }
        });
    }

    /** A message in frames of {@code fragmentSize} bytes on the wire (0: one frame), compressed when agreed. */
    private static void send(Conversation c, int opcode, byte[] message, ClientDeflater deflater, int fragmentSize) {
        byte[] payload = deflater == null ? message : deflater.deflate(message);
        List<byte[]> pieces = fragmentSize == 0 ? List.of(payload) : HeraldEcho.split(payload, fragmentSize);
        byte[][] frames = new byte[pieces.size()][];
        for (int i = 0; i < frames.length; i++) {
            int rsv = i == 0 && deflater != null ? 4 : 0;
            frames[i] = Frames.client(i == frames.length - 1, rsv, i == 0 ? opcode : CONTINUATION, pieces.get(i));
        }
        c.send(Conversation.Chops.STREAM, frames);
    }

    /** An extension's parameters as a set (their order carries no meaning), the name first. */
    private static Set<String> parameters(String extension) {
        Set<String> parameters = new TreeSet<>();
        for (String part : extension.split(";")) {
            parameters.add(part.trim());
        }
        return parameters;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The client's compressor (RFC 7692, section 7.2.1): a sync flush per message, its tail
     * removed; the context kept from message to message unless the server asked otherwise.
     */
    final class ClientDeflater {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final boolean contextTakeover;

        ClientDeflater(boolean contextTakeover) {
            this.contextTakeover = contextTakeover;
        }

        byte[] deflate(byte[] message) {
            if (!contextTakeover) {
                deflater.reset();
            }
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
            byte[] flushed = out.toByteArray();
            return Arrays.copyOf(flushed, flushed.length - 4);
        }
    }

    /** Generated data with the character of Autobahn's files: repetitive enough to compress, never uniform. */
    final class DataOf {
        private static final String[] WORDS = ("Habe nun ach Philosophie Juristerei und Medizin und leider auch Theologie "
                + "durchaus studiert mit heissem Bemuehn da steh ich nun ich armer Tor und bin so klug als wie zuvor "
                + "jobId status running completed progress percent chapter step event payload seq occurredAt "
                + "div class span href section article header footer table row cell value 0 1 2 3 42 7 19 2026").split(" ");
        private static final String[] MARKUP = {"{'id':", "','name':'", "<div class='", "'>", "</div>", ",", " ", ":", "; "};

        private DataOf() {
        }

        /** Text of exactly {@code size} ASCII characters, none of which needs escaping in JSON. */
        static String text(Data data, int size, Random random) {
            StringBuilder text = new StringBuilder(size + 32);
            while (text.length() < size) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
                if (data == Data.HTML || data == Data.JSON) {
                    text.append(MARKUP[random.nextInt(MARKUP.length)]);
                } else {
                    text.append(' ');
                }
            }
            text.setLength(size);
            return text.toString();
        }

        /** A ping request of exactly {@code size} bytes carrying {@code data} in a field the gateway ignores. */
        static byte[] pingRequest(Data data, int size, String id, Random random) {
            byte[] head = utf8("{\"type\":\"ping\",\"id\":\"" + id + "\",\"data\":\"");
            if (head.length + 2 >= size) {
                return HeraldEcho.pingOfSize(size, id);
            }
            return utf8("{\"type\":\"ping\",\"id\":\"" + id + "\",\"data\":\"" + text(data, size - head.length - 2, random) + "\"}");
        }

        /** Binary data of {@code size} bytes: a bitmap's runs, prose as bytes, or a PDF's mix of text and noise. */
        static byte[] bytes(Data data, int size, Random random) {
            byte[] bytes = new byte[size];
            switch (data) {
                case BITMAP -> {
                    int at = 0;
                    while (at < size) {
                        int run = 1 + random.nextInt(40);
                        Arrays.fill(bytes, at, Math.min(size, at + run), (byte) (random.nextBoolean() ? 0 : 0xff));
                        at += run;
                    }
                }
                case PROSE -> System.arraycopy(utf8(text(data, size, random)), 0, bytes, 0, size);
                default -> {
                    byte[] prose = utf8(text(Data.PROSE, size, random));
                    for (int i = 0; i < size; i++) {
                        bytes[i] = (i / 512) % 3 == 0 ? (byte) random.nextInt(256) : prose[i];
                    }
                }
            }
            return bytes;
        }
    }
}
