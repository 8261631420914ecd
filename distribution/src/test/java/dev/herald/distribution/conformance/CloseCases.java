package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.herald.distribution.conformance.WireClient.CLOSE;
import static dev.herald.distribution.conformance.WireClient.CONTINUATION;
import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 7, close handling: the client starts the closing handshake; the server answers
 * with a close frame (1000, or the client's code echoed), ignores whatever follows the client's
 * close, and closes the TCP connection within 1 s. A close frame with a 1-byte payload, a payload
 * over 125 bytes, or a code the RFC does not allow on the wire fails with 1002; a reason that is
 * not UTF-8 with 1007. Cases 7.13 (codes 5000 and 65535), which Autobahn leaves to the
 * implementation, accept what Autobahn accepts (1000, the code, 1002) and still require the TCP
 * close.
 */
interface CloseCases extends TransportUnderTest {

    /** The valid codes of 7.7.1 to 7.7.13. */
    List<Integer> VALID_CODES = List.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999);
    /** The invalid codes of 7.9.1 to 7.9.9. */
    List<Integer> INVALID_CODES = List.of(0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999);

    @Test
    default void case_7_1_1() throws Exception {
        check("7.1.1", () -> {
            try (Conversation c = open()) {
                c.frame(true, TEXT, HeraldEcho.request(utf8("Hello World!")));
                c.echo("Hello World!");
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_7_1_2() throws Exception {
        afterClose("7.1.2", Frames.client(true, 0, CLOSE, new byte[0]));
    }

    @Test
    default void case_7_1_3() throws Exception {
        afterClose("7.1.3", Frames.client(true, 0, PING, new byte[0]));
    }

    @Test
    default void case_7_1_4() throws Exception {
        afterClose("7.1.4", Frames.client(true, 0, TEXT, HeraldEcho.request(utf8("Hello World!"))));
    }

    @Test
    default void case_7_1_5() throws Exception {
        check("7.1.5", () -> {
            try (Conversation c = open()) {
                List<byte[]> message = HeraldEcho.around(List.of(utf8("fragment1"), utf8("fragment2")));
                c.send(Chops.STREAM, Frames.client(false, 0, TEXT, message.get(0)),
                        Frames.client(true, 0, CLOSE, Frames.closePayload(1000, new byte[0])),
                        Frames.client(true, 0, CONTINUATION, message.get(1)));
                c.answersClose(Set.of(1000));
            }
        });
    }

    /**
     * Autobahn sends 256 KiB; here a message of the inbound limit, then a small one, a close and a
     * ping. Informational in Autobahn: the replies to the two messages may or may not come before
     * the close answer; the ping after the close is never answered.
     */
    @Test
    default void case_7_1_6() throws Exception {
        check("7.1.6", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 0, TEXT, HeraldEcho.pingOfSize(inboundLimit(), "big")),
                        Frames.client(true, 0, TEXT, HeraldEcho.request(utf8("Hello World!"))),
                        Frames.client(true, 0, CLOSE, Frames.closePayload(1000, new byte[0])),
                        Frames.client(true, 0, PING, new byte[0]));
                c.answersCloseAfterAtMost(Set.of(1000), "big", "Hello World!");
            }
        });
    }

    @Test
    default void case_7_3_1() throws Exception {
        check("7.3.1", () -> {
            try (Conversation c = open()) {
                c.frame(true, CLOSE, new byte[0]);
                c.answersClose(Set.of(1000, 1005));
            }
        });
    }

    @Test
    default void case_7_3_2() throws Exception {
        closeFails("7.3.2", utf8("a"), 1002);
    }

    @Test
    default void case_7_3_3() throws Exception {
        check("7.3.3", () -> {
            try (Conversation c = open()) {
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_7_3_4() throws Exception {
        closeWithReason("7.3.4", "Hello World!");
    }

    @Test
    default void case_7_3_5() throws Exception {
        closeWithReason("7.3.5", "*".repeat(123));
    }

    @Test
    default void case_7_3_6() throws Exception {
        closeFails("7.3.6", Frames.closePayload(1000, utf8("*".repeat(124))), 1002);
    }

    @Test
    default void case_7_5_1() throws Exception {
        closeFails("7.5.1", Frames.closePayload(1000, Utf8Cases.SURROGATE_INSIDE), 1007);
    }

    /** Cases 7.7.1 to 7.7.13: valid close codes, answered 1000 or echoed. */
    @TestFactory
    default Stream<DynamicTest> cases_7_7() {
        return IntStream.range(0, VALID_CODES.size()).mapToObj(i -> DynamicTest.dynamicTest("case_7_7_" + (i + 1),
                () -> check("7.7." + (i + 1), () -> {
                    try (Conversation c = open()) {
                        int code = VALID_CODES.get(i);
                        c.close(code);
                        c.answersClose(code == 1000 ? Set.of(1000) : Set.of(1000, code));
                    }
                })));
    }

    /** Cases 7.9.1 to 7.9.9: codes the RFC does not allow in a close frame fail with 1002. */
    @TestFactory
    default Stream<DynamicTest> cases_7_9() {
        return IntStream.range(0, INVALID_CODES.size()).mapToObj(i -> DynamicTest.dynamicTest("case_7_9_" + (i + 1),
                () -> closeFails("7.9." + (i + 1), Frames.closePayload(INVALID_CODES.get(i), new byte[0]), 1002)));
    }

    @Test
    default void case_7_13_1() throws Exception {
        undefinedCode("7.13.1", 5000);
    }

    @Test
    default void case_7_13_2() throws Exception {
        undefinedCode("7.13.2", 65535);
    }

    private void afterClose(String caseId, byte[] after) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 0, CLOSE, Frames.closePayload(1000, new byte[0])), after);
                c.answersClose(Set.of(1000));
            }
        });
    }

    private void closeWithReason(String caseId, String reason) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.frame(true, CLOSE, Frames.closePayload(1000, utf8(reason)));
                c.answersClose(Set.of(1000));
            }
        });
    }

    private void closeFails(String caseId, byte[] closePayload, int code) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.frame(true, CLOSE, closePayload);
                c.answersClose(Set.of(code));
            }
        });
    }

    private void undefinedCode(String caseId, int code) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.frame(true, CLOSE, Frames.closePayload(code, new byte[0]));
                c.answersClose(Set.of(1000, code, 1002));
            }
        });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
