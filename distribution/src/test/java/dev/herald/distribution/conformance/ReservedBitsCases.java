package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.herald.distribution.conformance.WireClient.BINARY;
import static dev.herald.distribution.conformance.WireClient.CLOSE;
import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 3, reserved bits: no extension is negotiated, so a frame with any RSV bit set
 * fails the connection with 1002. Where a valid message comes first, its echo (the {@code pong}
 * reply) may come before the close or not at all (Autobahn's "non-strict"); the ping sent after the
 * bad frame must never be answered.
 */
interface ReservedBitsCases extends TransportUnderTest {

    String HELLO = "Hello, world!";

    @Test
    default void case_3_1() throws Exception {
        check("3.1", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 1, TEXT, HELLO.getBytes(StandardCharsets.UTF_8)));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void case_3_2() throws Exception {
        echoThenReserved("3.2", 2, Chops.STREAM);
    }

    @Test
    default void case_3_3() throws Exception {
        echoThenReserved("3.3", 3, Chops.FRAMES);
    }

    @Test
    default void case_3_4() throws Exception {
        echoThenReserved("3.4", 4, Chops.OCTETS);
    }

    @Test
    default void case_3_5() throws Exception {
        check("3.5", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 5, BINARY, Frames.bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff)));
                c.failsWith(1002);
            }
        });
    }

    /** Autobahn's description says a ping; its code sends opcode 2 with the text: this follows the code. */
    @Test
    default void case_3_6() throws Exception {
        check("3.6", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 6, BINARY, HELLO.getBytes(StandardCharsets.UTF_8)));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void case_3_7() throws Exception {
        check("3.7", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 7, CLOSE, new byte[0]));
                c.failsWith(1002);
            }
        });
    }

    private void echoThenReserved(String caseId, int rsv, Chops chops) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] hello = HELLO.getBytes(StandardCharsets.UTF_8);
                c.send(chops, Frames.client(true, 0, TEXT, HeraldEcho.request(hello)),
                        Frames.client(true, rsv, TEXT, HeraldEcho.request(hello)), Frames.client(true, 0, PING, new byte[0]));
                c.failsWithAfterAtMost(1002, HELLO);
            }
        });
    }
}
