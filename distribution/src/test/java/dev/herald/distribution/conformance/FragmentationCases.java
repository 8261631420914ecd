package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.herald.distribution.conformance.WireClient.CONTINUATION;
import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.PONG;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 5, fragmentation: a fragmented text message is reassembled (its echo is the
 * {@code pong} whose id is the fragments joined), a ping between fragments is answered at once,
 * before the message is complete; a fragmented control frame, a continuation with nothing to
 * continue and a new message inside an open one fail the connection with 1002.
 */
interface FragmentationCases extends TransportUnderTest {

    @Test
    default void case_5_1() throws Exception {
        fragmentedControl("5.1", PING);
    }

    @Test
    default void case_5_2() throws Exception {
        fragmentedControl("5.2", PONG);
    }

    @Test
    default void case_5_3() throws Exception {
        twoFragments("5.3", Chops.STREAM, false);
    }

    @Test
    default void case_5_4() throws Exception {
        twoFragments("5.4", Chops.FRAMES, false);
    }

    @Test
    default void case_5_5() throws Exception {
        twoFragments("5.5", Chops.OCTETS, false);
    }

    @Test
    default void case_5_6() throws Exception {
        twoFragments("5.6", Chops.STREAM, true);
    }

    @Test
    default void case_5_7() throws Exception {
        twoFragments("5.7", Chops.FRAMES, true);
    }

    @Test
    default void case_5_8() throws Exception {
        twoFragments("5.8", Chops.OCTETS, true);
    }

    @Test
    default void case_5_9() throws Exception {
        nothingToContinue("5.9", true, Chops.STREAM);
    }

    @Test
    default void case_5_10() throws Exception {
        nothingToContinue("5.10", true, Chops.FRAMES);
    }

    @Test
    default void case_5_11() throws Exception {
        nothingToContinue("5.11", true, Chops.OCTETS);
    }

    @Test
    default void case_5_12() throws Exception {
        nothingToContinue("5.12", false, Chops.STREAM);
    }

    @Test
    default void case_5_13() throws Exception {
        nothingToContinue("5.13", false, Chops.FRAMES);
    }

    @Test
    default void case_5_14() throws Exception {
        nothingToContinue("5.14", false, Chops.OCTETS);
    }

    @Test
    default void case_5_15() throws Exception {
        check("5.15", () -> {
            try (Conversation c = open()) {
                List<byte[]> message = HeraldEcho.around(List.of(utf8("fragment1"), utf8("fragment2")));
                c.send(Chops.STREAM, Frames.client(false, 0, TEXT, message.get(0)),
                        Frames.client(true, 0, CONTINUATION, message.get(1)),
                        Frames.client(false, 0, CONTINUATION, utf8("fragment3")),
                        Frames.client(true, 0, TEXT, utf8("fragment4")));
                c.failsWithAfterAtMost(1002, "fragment1fragment2");
            }
        });
    }

    @Test
    default void case_5_16() throws Exception {
        repeatedNothingToContinue("5.16", false);
    }

    @Test
    default void case_5_17() throws Exception {
        repeatedNothingToContinue("5.17", true);
    }

    @Test
    default void case_5_18() throws Exception {
        check("5.18", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(false, 0, TEXT, utf8("fragment1")),
                        Frames.client(true, 0, TEXT, utf8("fragment2")));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void case_5_19() throws Exception {
        pingsInsideAMessage("5.19", Chops.STREAM);
    }

    @Test
    default void case_5_20() throws Exception {
        pingsInsideAMessage("5.20", Chops.FRAMES);
    }

    private void fragmentedControl(String caseId, int opcode) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(false, 0, opcode, utf8("fragment1")),
                        Frames.client(true, 0, CONTINUATION, utf8("fragment2")));
                c.failsWith(1002);
            }
        });
    }

    private void twoFragments(String caseId, Chops chops, boolean pingBetween) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                List<byte[]> message = HeraldEcho.around(List.of(utf8("fragment1"), utf8("fragment2")));
                byte[] first = Frames.client(false, 0, TEXT, message.get(0));
                byte[] last = Frames.client(true, 0, CONTINUATION, message.get(1));
                if (pingBetween) {
                    c.send(chops, first, Frames.client(true, 0, PING, utf8("ping payload")), last);
                    c.pong("ping payload");
                } else {
                    c.send(chops, first, last);
                }
                c.echo("fragment1fragment2");
                c.closesNormally();
            }
        });
    }

    private void nothingToContinue(String caseId, boolean fin, Chops chops) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(chops, Frames.client(fin, 0, CONTINUATION, utf8("non-continuation payload")),
                        Frames.client(true, 0, TEXT, HeraldEcho.request(utf8("Hello, world!"))));
                c.failsWith(1002);
            }
        });
    }

    private void repeatedNothingToContinue(String caseId, boolean fin) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[][] frames = new byte[6][];
                for (int i = 0; i < 2; i++) {
                    frames[3 * i] = Frames.client(fin, 0, CONTINUATION, utf8("fragment1"));
                    frames[3 * i + 1] = Frames.client(false, 0, TEXT, utf8("fragment2"));
                    frames[3 * i + 2] = Frames.client(true, 0, CONTINUATION, utf8("fragment3"));
                }
                c.send(Chops.STREAM, frames);
                c.failsWith(1002);
            }
        });
    }

    /**
     * Autobahn waits 1 s after the first ping, expecting its pong before the message is complete;
     * here the rest of the message is sent once that pong has arrived.
     */
    private void pingsInsideAMessage(String caseId, Chops chops) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                List<byte[]> message = HeraldEcho.around(List.of(utf8("fragment1"), utf8("fragment2"), utf8("fragment3"),
                        utf8("fragment4"), utf8("fragment5")));
                c.send(chops, Frames.client(false, 0, TEXT, message.get(0)), Frames.client(false, 0, CONTINUATION, message.get(1)),
                        Frames.client(true, 0, PING, utf8("pongme 1!")));
                c.pong("pongme 1!");
                c.send(chops, Frames.client(false, 0, CONTINUATION, message.get(2)),
                        Frames.client(false, 0, CONTINUATION, message.get(3)), Frames.client(true, 0, PING, utf8("pongme 2!")),
                        Frames.client(true, 0, CONTINUATION, message.get(4)));
                c.pong("pongme 2!");
                c.echo("fragment1fragment2fragment3fragment4fragment5");
                c.closesNormally();
            }
        });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
