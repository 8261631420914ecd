package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.herald.distribution.conformance.WireClient.BINARY;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * Autobahn section 9, limits, at sizes scaled to Herald's inbound limit L: Autobahn's largest
 * message (16 MiB in 9.1 and 9.2, 4 MiB in 9.3 and 9.4, 1 MiB in 9.5 and 9.6) becomes L, and the
 * others keep their ratio to it (9.1.1 is L/256). A text of N bytes is a ping request of exactly N
 * bytes, answered {@code pong}; a binary message is answered {@code BAD_REQUEST}. Then what Autobahn
 * does not test because an echo server has no limit: one byte over L fails the connection with
 * 1009 after an {@code error} {@code MESSAGE_TOO_LARGE}, whole, fragmented or binary.
 */
interface LimitCases extends TransportUnderTest {

    /** Messages of 9.7 and 9.8 per case. */
    int ROUND_TRIPS = 1000;
    int[] ROUND_TRIP_SIZES = {0, 16, 64, 256, 1024, 4096};

    /** Cases 9.1.1 to 9.1.6: text of L/256 to L. */
    @TestFactory
    default Stream<DynamicTest> cases_9_1() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_1_" + n,
                () -> message("9.1." + n, TEXT, inboundLimit() >> increasingShift(n), inboundLimit(), 0)));
    }

    /** Cases 9.2.1 to 9.2.6: binary of L/256 to L. */
    @TestFactory
    default Stream<DynamicTest> cases_9_2() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_2_" + n,
                () -> message("9.2." + n, BINARY, inboundLimit() >> increasingShift(n), inboundLimit(), 0)));
    }

    /** Cases 9.3.1 to 9.3.9: text of L in fragments of L/65536 (at least 1 byte) to L, growing 4 times a case. */
    @TestFactory
    default Stream<DynamicTest> cases_9_3() {
        return IntStream.rangeClosed(1, 9).mapToObj(n -> DynamicTest.dynamicTest("case_9_3_" + n,
                () -> message("9.3." + n, TEXT, inboundLimit(), fragmentSize(n), 0)));
    }

    /** Cases 9.4.1 to 9.4.9: binary of L in fragments of L/65536 to L. */
    @TestFactory
    default Stream<DynamicTest> cases_9_4() {
        return IntStream.rangeClosed(1, 9).mapToObj(n -> DynamicTest.dynamicTest("case_9_4_" + n,
                () -> message("9.4." + n, BINARY, inboundLimit(), fragmentSize(n), 0)));
    }

    /** Cases 9.5.1 to 9.5.6: text of L, written in chops of 64 to 2048 bytes. */
    @TestFactory
    default Stream<DynamicTest> cases_9_5() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_5_" + n,
                () -> message("9.5." + n, TEXT, inboundLimit(), inboundLimit(), 32 << n)));
    }

    /** Cases 9.6.1 to 9.6.6: binary of L, written in chops of 64 to 2048 bytes. */
    @TestFactory
    default Stream<DynamicTest> cases_9_6() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_6_" + n,
                () -> message("9.6." + n, BINARY, inboundLimit(), inboundLimit(), 32 << n)));
    }

    /** Cases 9.7.1 to 9.7.6: 1000 text messages of 0 to 4096 bytes, each answered before the next goes. */
    @TestFactory
    default Stream<DynamicTest> cases_9_7() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_7_" + n,
                () -> roundTrips("9.7." + n, TEXT, ROUND_TRIP_SIZES[n - 1])));
    }

    /** Cases 9.8.1 to 9.8.6: 1000 binary messages of 0 to 4096 bytes, each answered before the next goes. */
    @TestFactory
    default Stream<DynamicTest> cases_9_8() {
        return IntStream.rangeClosed(1, 6).mapToObj(n -> DynamicTest.dynamicTest("case_9_8_" + n,
                () -> roundTrips("9.8." + n, BINARY, ROUND_TRIP_SIZES[n - 1])));
    }

    @Test
    default void limit_text_one_byte_over_fails_with_1009() throws Exception {
        overTheLimit(TEXT, inboundLimit() + 1);
    }

    @Test
    default void limit_fragmented_text_one_byte_over_fails_with_1009() throws Exception {
        overTheLimit(TEXT, 1024);
    }

    @Test
    default void limit_binary_one_byte_over_fails_with_1009() throws Exception {
        overTheLimit(BINARY, inboundLimit() + 1);
    }

    /** 9.x.1 is 1/256 of the largest, then 1/64, 1/16, 1/4, 1/2, 1. */
    private static int increasingShift(int n) {
        return new int[]{8, 6, 4, 2, 1, 0}[n - 1];
    }

    private int fragmentSize(int n) {
        return Math.max(1, inboundLimit() >> (16 - 2 * (n - 1)));
    }

    /** One message of {@code size} bytes in fragments of {@code fragment} bytes, written in chops of {@code chop} (0: whole). */
    private void message(String caseId, int opcode, int size, int fragment, int chop) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] payload = opcode == TEXT ? HeraldEcho.pingOfSize(size, caseId) : filled(size);
                byte[] frames = Frames.concat(Conversation.message(opcode, HeraldEcho.split(payload, fragment)));
                c.wire().send(frames, chop > 0 ? chop : frames.length);
                if (opcode == TEXT) {
                    c.echo(caseId);
                } else {
                    c.error("BAD_REQUEST");
                }
                c.closesNormally();
            }
        });
    }

    private void roundTrips(String caseId, int opcode, int size) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] payload = opcode == BINARY ? filled(size)
                        : size < HeraldEcho.SHORTEST_REQUEST ? new byte[size] : HeraldEcho.pingOfSize(size, caseId);
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    c.frame(true, opcode, payload);
                    if (opcode == BINARY || size < HeraldEcho.SHORTEST_REQUEST) {
                        c.error("BAD_REQUEST");
                    } else if (HeraldEcho.sizeHoldsId(size, caseId)) {
                        c.echo(caseId);
                    } else {
                        c.echoWithoutId();
                    }
                }
                c.closesNormally();
            }
        });
    }

    /** A message of {@code size} bytes over the limit in fragments of {@code fragment} bytes. */
    private void overTheLimit(int opcode, int fragment) throws Exception {
        try (Conversation c = open()) {
            byte[] payload = opcode == TEXT ? HeraldEcho.pingOfSize(inboundLimit() + 1, "over") : filled(inboundLimit() + 1);
            c.send(Chops.STREAM, Conversation.message(opcode, HeraldEcho.split(payload, fragment)));
            c.error("MESSAGE_TOO_LARGE");
            c.failsWith(1009);
        }
    }

    private static byte[] filled(int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 0xfe);
        return payload;
    }
}
