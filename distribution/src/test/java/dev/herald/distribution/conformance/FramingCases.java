package dev.herald.distribution.conformance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.herald.distribution.conformance.WireClient.BINARY;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 1, framing: text and binary messages of the sizes around each length encoding
 * (7-bit, 16-bit, 64-bit), whole and in chops of 997 bytes. A text of N bytes is a ping request of
 * exactly N bytes (the {@code pong} with its id is the echo); the empty text is not a request and
 * is answered {@code BAD_REQUEST}. Binary messages are not part of the contract: each is answered
 * {@code BAD_REQUEST} and the connection goes on.
 */
interface FramingCases extends TransportUnderTest {

    @Test
    default void case_1_1_1() throws Exception {
        check("1.1.1", () -> {
            try (Conversation c = open()) {
                c.frame(true, TEXT, new byte[0]);
                c.error("BAD_REQUEST");
                c.usable();
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_1_1_2() throws Exception {
        text("1.1.2", 125, 0);
    }

    @Test
    default void case_1_1_3() throws Exception {
        text("1.1.3", 126, 0);
    }

    @Test
    default void case_1_1_4() throws Exception {
        text("1.1.4", 127, 0);
    }

    @Test
    default void case_1_1_5() throws Exception {
        text("1.1.5", 128, 0);
    }

    @Test
    default void case_1_1_6() throws Exception {
        text("1.1.6", 65535, 0);
    }

    @Test
    default void case_1_1_7() throws Exception {
        text("1.1.7", 65536, 0);
    }

    @Test
    default void case_1_1_8() throws Exception {
        text("1.1.8", 65536, 997);
    }

    @Test
    default void case_1_2_1() throws Exception {
        binary("1.2.1", 0, 0);
    }

    @Test
    default void case_1_2_2() throws Exception {
        binary("1.2.2", 125, 0);
    }

    @Test
    default void case_1_2_3() throws Exception {
        binary("1.2.3", 126, 0);
    }

    @Test
    default void case_1_2_4() throws Exception {
        binary("1.2.4", 127, 0);
    }

    @Test
    default void case_1_2_5() throws Exception {
        binary("1.2.5", 128, 0);
    }

    @Test
    default void case_1_2_6() throws Exception {
        binary("1.2.6", 65535, 0);
    }

    @Test
    default void case_1_2_7() throws Exception {
        binary("1.2.7", 65536, 0);
    }

    @Test
    default void case_1_2_8() throws Exception {
        binary("1.2.8", 65536, 997);
    }

    /** A text message of {@code size} bytes, in one write or in chops of {@code chop} bytes. */
    private void text(String caseId, int size, int chop) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] frame = Frames.client(true, 0, TEXT, HeraldEcho.pingOfSize(size, caseId));
                c.wire().send(frame, chop == 0 ? frame.length : chop);
                c.echo(caseId);
                c.closesNormally();
            }
        });
    }

    private void binary(String caseId, int size, int chop) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) 0xfe);
                byte[] frame = Frames.client(true, 0, BINARY, payload);
                c.wire().send(frame, chop == 0 ? frame.length : chop);
                c.error("BAD_REQUEST");
                c.usable();
                c.closesNormally();
            }
        });
    }
}
