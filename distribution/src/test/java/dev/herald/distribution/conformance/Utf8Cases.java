package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.herald.distribution.conformance.WireClient.CONTINUATION;
import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 6, UTF-8: valid text, whole or split anywhere (inside a character too), is
 * accepted; invalid UTF-8 fails the connection with 1007, as soon as the first byte that cannot
 * belong to valid text arrives (6.4: the rest of the message is never sent). A valid payload
 * travels as the id of a ping request and comes back as the {@code pong}'s id; the two that JSON
 * cannot hold raw (the empty text, NUL) are sent as they are and answered {@code BAD_REQUEST}.
 * Invalid payloads are sent exactly as Autobahn sends them.
 */
interface Utf8Cases extends TransportUnderTest {

    byte[] KOSME = Utf8Sequences.KOSME;
    /** κόσμε, a UTF-16 surrogate (invalid), "edited". */
    byte[] SURROGATE_INSIDE = Frames.concat(KOSME, Frames.bytes(0xed, 0xa0, 0x80), "edited".getBytes(StandardCharsets.US_ASCII));
    /** κόσμε, a code point above U+10FFFF (invalid at its second byte), "edited". */
    byte[] TOO_HIGH_INSIDE = Frames.concat(KOSME, Frames.bytes(0xf4, 0x90, 0x80, 0x80), "edited".getBytes(StandardCharsets.US_ASCII));
    String HELLO = "Hello-µ@ßöäüàá-UTF-8!!";
    /** How long a partial frame must go unanswered before the rest of it is sent. */
    long QUIET_MS = 300;

    @Test
    default void case_6_1_1() throws Exception {
        check("6.1.1", () -> {
            try (Conversation c = open()) {
                c.frame(true, TEXT, new byte[0]);
                c.error("BAD_REQUEST");
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_6_1_2() throws Exception {
        check("6.1.2", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Conversation.message(TEXT, List.of(new byte[0], new byte[0], new byte[0])));
                c.error("BAD_REQUEST");
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_6_1_3() throws Exception {
        check("6.1.3", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Conversation.message(TEXT,
                        HeraldEcho.around(List.of(new byte[0], utf8("middle frame payload"), new byte[0]))));
                c.echo("middle frame payload");
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_6_2_1() throws Exception {
        check("6.2.1", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.client(true, 0, TEXT, HeraldEcho.request(utf8(HELLO))));
                c.echo(HELLO);
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_6_2_2() throws Exception {
        check("6.2.2", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Conversation.message(TEXT, HeraldEcho.around(List.of(utf8("Hello-µ@ßöä"), utf8("üàá-UTF-8!!")))));
                c.echo(HELLO);
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_6_2_3() throws Exception {
        inOctetFragments("6.2.3", utf8(HELLO));
    }

    @Test
    default void case_6_2_4() throws Exception {
        inOctetFragments("6.2.4", KOSME);
    }

    @Test
    default void case_6_3_1() throws Exception {
        check("6.3.1", () -> {
            try (Conversation c = open()) {
                c.frame(true, TEXT, SURROGATE_INSIDE);
                c.failsWith(1007);
            }
        });
    }

    @Test
    default void case_6_3_2() throws Exception {
        check("6.3.2", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Conversation.message(TEXT, HeraldEcho.split(SURROGATE_INSIDE, 1)));
                c.failsWith(1007);
            }
        });
    }

    @Test
    default void case_6_4_1() throws Exception {
        failFastInFrames("6.4.1", 11, 15);
    }

    @Test
    default void case_6_4_2() throws Exception {
        failFastInFrames("6.4.2", 12, 13);
    }

    @Test
    default void case_6_4_3() throws Exception {
        failFastInOneFrame("6.4.3", 11, 15);
    }

    @Test
    default void case_6_4_4() throws Exception {
        failFastInOneFrame("6.4.4", 12, 13);
    }

    /** Cases 6.5.1 to 6.23.7: one text message per sequence of Autobahn's UTF-8 decoder stress test. */
    @TestFactory
    default Stream<DynamicTest> cases_6_5_to_6_23() {
        return Utf8Sequences.all().stream().map(sequence -> DynamicTest.dynamicTest(
                "case_" + sequence.caseId().replace('.', '_'), () -> check(sequence.caseId(), () -> {
                    try (Conversation c = open()) {
                        if (!sequence.valid()) {
                            c.frame(true, TEXT, sequence.bytes());
                            c.failsWith(1007);
                        } else if (HeraldEcho.carries(sequence.bytes())) {
                            c.frame(true, TEXT, HeraldEcho.request(sequence.bytes()));
                            c.echo(HeraldEcho.decode(sequence.bytes()));
                            c.closesNormally();
                        } else {
                            c.frame(true, TEXT, sequence.bytes());
                            c.error("BAD_REQUEST");
                            c.closesNormally();
                        }
                    }
                })));
    }

    private void inOctetFragments(String caseId, byte[] payload) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Conversation.message(TEXT, HeraldEcho.split(HeraldEcho.request(payload), 1)));
                c.echo(HeraldEcho.decode(payload));
                c.closesNormally();
            }
        });
    }

    /**
     * Three frames, the second making the text invalid: the first is accepted (a ping sent after it
     * is answered, where Autobahn waits 1 s), the second fails the connection before the third is sent.
     */
    private void failFastInFrames(String caseId, int firstEnd, int secondEnd) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                c.frame(false, TEXT, Arrays.copyOfRange(TOO_HIGH_INSIDE, 0, firstEnd));
                c.frame(true, PING, utf8("still open?"));
                c.pong("still open?");
                c.frame(false, CONTINUATION, Arrays.copyOfRange(TOO_HIGH_INSIDE, firstEnd, secondEnd));
                c.failsWith(1007);
            }
        });
    }

    /** As {@link #failFastInFrames}, in chops of one frame: the first chop must go unanswered for a while. */
    private void failFastInOneFrame(String caseId, int firstEnd, int secondEnd) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] frame = Frames.client(true, 0, TEXT, TOO_HIGH_INSIDE);
                int header = frame.length - TOO_HIGH_INSIDE.length;
                c.wire().sendPartOfFrame(Arrays.copyOfRange(frame, 0, header + firstEnd));
                c.quiet(QUIET_MS);
                c.wire().sendPartOfFrame(Arrays.copyOfRange(frame, header + firstEnd, header + secondEnd));
                c.failsWithInsideAFrame(1007, Arrays.copyOfRange(frame, header + secondEnd, frame.length));
            }
        });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
