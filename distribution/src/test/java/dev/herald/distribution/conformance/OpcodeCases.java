package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 4, opcodes: the reserved data opcodes 3 to 7 and control opcodes 11 to 15 fail
 * the connection with 1002, with or without a payload, after a valid message or not (whose echo may
 * come first, or not at all); the ping after the bad frame is never answered.
 */
interface OpcodeCases extends TransportUnderTest {

    String HELLO = "Hello, world!";

    @Test
    default void case_4_1_1() throws Exception {
        reserved("4.1.1", 3, new byte[0]);
    }

    @Test
    default void case_4_1_2() throws Exception {
        reserved("4.1.2", 4, "reserved opcode payload".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void case_4_1_3() throws Exception {
        echoThenReserved("4.1.3", 5, new byte[0], Chops.STREAM);
    }

    @Test
    default void case_4_1_4() throws Exception {
        echoThenReserved("4.1.4", 6, HELLO.getBytes(StandardCharsets.UTF_8), Chops.STREAM);
    }

    @Test
    default void case_4_1_5() throws Exception {
        echoThenReserved("4.1.5", 7, HELLO.getBytes(StandardCharsets.UTF_8), Chops.OCTETS);
    }

    @Test
    default void case_4_2_1() throws Exception {
        reserved("4.2.1", 11, new byte[0]);
    }

    @Test
    default void case_4_2_2() throws Exception {
        reserved("4.2.2", 12, "reserved opcode payload".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void case_4_2_3() throws Exception {
        echoThenReserved("4.2.3", 13, new byte[0], Chops.STREAM);
    }

    @Test
    default void case_4_2_4() throws Exception {
        echoThenReserved("4.2.4", 14, HELLO.getBytes(StandardCharsets.UTF_8), Chops.STREAM);
    }

    @Test
    default void case_4_2_5() throws Exception {
        echoThenReserved("4.2.5", 15, HELLO.getBytes(StandardCharsets.UTF_8), Chops.OCTETS);
    }

    private void reserved(String caseId, int opcode, byte[] payload) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 0, opcode, payload));
                c.failsWith(1002);
            }
        });
    }

    private void echoThenReserved(String caseId, int opcode, byte[] payload, Chops chops) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(chops, Frames.client(true, 0, TEXT, HeraldEcho.request(HELLO.getBytes(StandardCharsets.UTF_8))),
                        Frames.client(true, 0, opcode, payload), Frames.client(true, 0, PING, new byte[0]));
                c.failsWithAfterAtMost(1002, HELLO);
            }
        });
    }
}
