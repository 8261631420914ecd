package dev.herald.distribution.conformance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static dev.herald.distribution.conformance.WireClient.PING;
import static dev.herald.distribution.conformance.WireClient.PONG;

/**
 * Autobahn section 2, pings and pongs: every ping is answered by a pong with its payload (up to
 * the 125 bytes a control frame may carry; 126 fails the connection with 1002), unsolicited pongs
 * are ignored. These are protocol frames: Herald answers them exactly as an echo server would.
 */
interface PingPongCases extends TransportUnderTest {

    @Test
    default void case_2_1() throws Exception {
        ping("2.1", new byte[0], 0);
    }

    @Test
    default void case_2_2() throws Exception {
        ping("2.2", "Hello, world!".getBytes(), 0);
    }

    @Test
    default void case_2_3() throws Exception {
        ping("2.3", Frames.bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff), 0);
    }

    @Test
    default void case_2_4() throws Exception {
        ping("2.4", filled(125), 0);
    }

    @Test
    default void case_2_5() throws Exception {
        check("2.5", () -> {
            try (Conversation c = open()) {
                c.frame(true, PING, filled(126));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void case_2_6() throws Exception {
        ping("2.6", filled(125), 1);
    }

    @Test
    default void case_2_7() throws Exception {
        check("2.7", () -> {
            try (Conversation c = open()) {
                c.frame(true, PONG, new byte[0]);
                c.close(1000);
                c.answersClose(Set.of(1000));
            }
        });
    }

    @Test
    default void case_2_8() throws Exception {
        check("2.8", () -> {
            try (Conversation c = open()) {
                c.frame(true, PONG, "unsolicited pong payload");
                c.close(1000);
                c.answersClose(Set.of(1000));
            }
        });
    }

    @Test
    default void case_2_9() throws Exception {
        check("2.9", () -> {
            try (Conversation c = open()) {
                c.frame(true, PONG, "unsolicited pong payload");
                c.frame(true, PING, "ping payload");
                c.pong("ping payload");
                c.closesNormally();
            }
        });
    }

    @Test
    default void case_2_10() throws Exception {
        tenPings("2.10", 0);
    }

    @Test
    default void case_2_11() throws Exception {
        tenPings("2.11", 1);
    }

    private void ping(String caseId, byte[] payload, int chop) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                byte[] frame = Frames.client(true, 0, PING, payload);
                c.wire().send(frame, chop == 0 ? frame.length : chop);
                c.pong(payload);
                c.closesNormally();
            }
        });
    }

    private void tenPings(String caseId, int chop) throws Exception {
        check(caseId, () -> {
            try (Conversation c = open()) {
                for (int i = 0; i < 10; i++) {
                    byte[] frame = Frames.client(true, 0, PING, ("payload-" + i).getBytes());
                    c.wire().send(frame, chop == 0 ? frame.length : chop);
                }
                for (int i = 0; i < 10; i++) {
                    c.pong("payload-" + i);
                }
                c.closesNormally();
            }
        });
    }

    private static byte[] filled(int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 0xfe);
        return payload;
    }
}
