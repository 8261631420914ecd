package dev.herald.distribution.conformance;

import dev.herald.distribution.conformance.Conversation.Chops;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static dev.herald.distribution.conformance.WireClient.CLOSE;
import static dev.herald.distribution.conformance.WireClient.TEXT;

/**
 * What the wire contract requires beyond Autobahn's client cases: an unmasked client frame and a
 * 64-bit length with its most significant bit set fail with 1002; of the codes Autobahn leaves out,
 * 1015 (reserved for TLS failures, never on the wire) fails with 1002, and the registered 1012 to
 * 1014 are accepted like any valid code; an empty control frame whose header arrives in two TCP
 * reads is read like any other (the fuzz found a container that misreads one split so).
 */
interface RfcCases extends TransportUnderTest {

    @Test
    default void rfc_unmasked_client_frame_fails_with_1002() throws Exception {
        check("rfc.unmasked", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.unmasked(true, TEXT, HeraldEcho.request("unmasked".getBytes())));
                c.failsWith(1002);
            }
        });
    }

    @Test
    default void rfc_length_with_its_most_significant_bit_set_fails_with_1002() throws Exception {
        check("rfc.length-msb", () -> {
            try (Conversation c = open()) {
                c.send(Chops.STREAM, Frames.header64(true, TEXT, Long.MIN_VALUE | 5));
                c.failsWith(1002);
            }
        });
    }

    /**
     * An empty ping, then an empty pong, each with its header in one TCP read and its mask in the
     * next, together with a ping: the empty ping gets an empty pong, and the pings after both get
     * theirs. The only case that pauses between writes, since without a pause both pieces arrive in
     * one read; 50 ms is no timing rule of the server's, only a way to make two TCP reads.
     */
    @Test
    default void rfc_empty_control_frames_split_across_two_reads_are_read_like_any_frame() throws Exception {
        check("rfc.split-empty-control", () -> {
            for (int opcode : new int[]{WireClient.PING, WireClient.PONG}) {
                try (Conversation c = open()) {
                    byte[] empty = Frames.client(true, 0, opcode, new byte[0]);
                    byte[] ping = Frames.client(true, 0, WireClient.PING, "after it".getBytes(StandardCharsets.UTF_8));
                    c.wire().sendPartOfFrame(Arrays.copyOfRange(empty, 0, 2));
                    Thread.sleep(50);
                    c.wire().send(Frames.concat(Arrays.copyOfRange(empty, 2, empty.length), ping));
                    if (opcode == WireClient.PING) {
                        c.pong(new byte[0]);
                    }
                    c.pong("after it");
                    c.closesNormally();
                }
            }
        });
    }

    @Test
    default void rfc_close_code_1015_fails_with_1002() throws Exception {
        check("rfc.close-1015", () -> {
            try (Conversation c = open()) {
                c.frame(true, CLOSE, Frames.closePayload(1015, new byte[0]));
                c.answersClose(Set.of(1002));
            }
        });
    }

    @Test
    default void rfc_registered_close_codes_1012_to_1014_are_answered() throws Exception {
        check("rfc.close-1012-1014", () -> {
            for (int code = 1012; code <= 1014; code++) {
                try (Conversation c = open()) {
                    c.close(code);
                    c.answersClose(Set.of(1000, code));
                }
            }
        });
    }
}
