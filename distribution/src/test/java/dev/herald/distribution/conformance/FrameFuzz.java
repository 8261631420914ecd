package dev.herald.distribution.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random client streams, from a seed: valid ones (requests of sizes around every length encoding,
 * fragmented anywhere, with pings and unsolicited pongs between fragments) and invalid ones (a
 * valid start, then one violation of a known kind), each with what the server must answer.
 */
final class FrameFuzz {

    /**
     * A stream and what it must produce: pong payloads and request ids in order, and how it ends;
     * {@code clientClosed} when the violating frame was a close frame, after which a client sends
     * nothing more (not even an answer to the server's close).
     */
    record Stream(byte[] bytes, List<byte[]> pongs, List<String> replies, Violation violation, boolean clientClosed) {
    }

    /**
     * A way to break the protocol, the close code it earns, and the conformance case that tests
     * it alone (a kind whose case the transport is known to fail is left out of its fuzz).
     */
    enum Violation {
        RESERVED_BITS(1002, "3.1"),
        RESERVED_OPCODE(1002, "4.1.1"),
        CONTROL_TOO_LONG(1002, "2.5"),
        FRAGMENTED_CONTROL(1002, "5.1"),
        NOTHING_TO_CONTINUE(1002, "5.9"),
        UNFINISHED_NOTHING_TO_CONTINUE(1002, "5.12"),
        MESSAGE_INSIDE_MESSAGE(1002, "5.18"),
        UNMASKED(1002, "rfc.unmasked"),
        LENGTH_MSB_SET(1002, "rfc.length-msb"),
        INVALID_UTF8(1007, "6.3.1"),
        INVALID_UTF8_FRAGMENTED(1007, "6.4.1"),
        INVALID_CLOSE_CODE(1002, "7.9.1"),
        CLOSE_CODE_ABOVE_4999(1002, "7.13.1"),
        CLOSE_ONE_BYTE(1002, "7.3.2"),
        CLOSE_REASON_NOT_UTF8(1007, "7.5.1"),
        OVER_THE_LIMIT(1009, "limit");

        final int closeCode;
        final String caseId;

        Violation(int closeCode, String caseId) {
            this.closeCode = closeCode;
            this.caseId = caseId;
        }
    }

    private static final int[] INVALID_CLOSE_CODES = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};
    private static final String ID_CHARACTERS = "abcXYZ019._:-é€𝄞";

    private final Random random;
    private final int inboundLimit;
    private final boolean splitCharacters;
    private final boolean emptyControls;
    private int ids;

    /**
     * @param splitCharacters whether ids may hold multi-byte characters that fragments split
     *                        (off where the transport is known to fail case 6.2.3)
     * @param emptyControls   whether pings and pongs may be empty (off where the transport is known
     *                        to fail case rfc.split-empty-control: chops split their headers)
     */
    FrameFuzz(Random random, int inboundLimit, boolean splitCharacters, boolean emptyControls) {
        this.random = random;
        this.inboundLimit = inboundLimit;
        this.splitCharacters = splitCharacters;
        this.emptyControls = emptyControls;
    }

    /** A valid stream of 1 to 8 items. */
    Stream valid(String prefix) {
        Builder stream = new Builder();
        int items = 1 + random.nextInt(8);
        for (int i = 0; i < items; i++) {
            validItem(stream, prefix);
        }
        return stream.build(null);
    }

    /** A valid start of 0 to 4 items, then {@code violation}. */
    Stream invalid(String prefix, Violation violation) {
        Builder stream = new Builder();
        int items = random.nextInt(5);
        for (int i = 0; i < items; i++) {
            validItem(stream, prefix);
        }
        breakWith(stream, violation);
        return stream.build(violation);
    }

    /** Cut points for {@code length} bytes: from none to 40, each at least one byte apart. */
    int[] cuts(int length) {
        Set<Integer> cuts = new TreeSet<>();
        int count = length <= 1 ? 0 : random.nextInt(Math.min(40, length - 1) + 1);
        while (cuts.size() < count) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private void validItem(Builder stream, String prefix) {
        switch (random.nextInt(4)) {
            case 0 -> stream.ping(controlPayload());
            case 1 -> stream.frame(true, WireClient.PONG, controlPayload());
            default -> request(stream, prefix);
        }
    }

    /** A ping request of a size around a length encoding's edge, in 1 to 5 fragments, controls between them. */
    private void request(Builder stream, String prefix) {
        String id = prefix + "-" + (++ids) + "-" + idTail();
        stream.replies.add(id);
        byte[] message = sized(id);
        List<byte[]> fragments = fragments(message, 1 + random.nextInt(5));
        for (int i = 0; i < fragments.size(); i++) {
            if (i > 0 && random.nextInt(3) == 0) {
                if (random.nextBoolean()) {
                    stream.ping(controlPayload());
                } else {
                    stream.frame(true, WireClient.PONG, controlPayload());
                }
            }
            stream.frame(i == fragments.size() - 1, i == 0 ? WireClient.TEXT : WireClient.CONTINUATION, fragments.get(i));
        }
    }

    private byte[] sized(String id) {
        int shortest = HeraldEcho.request(id.getBytes(StandardCharsets.UTF_8)).length;
        int[] edges = {shortest, 125, 126, 127, 128, 65535, 65536, shortest + random.nextInt(4096)};
        int size = edges[random.nextInt(edges.length)];
        return HeraldEcho.pingOfSize(Math.min(inboundLimit, Math.max(shortest, size)), id);
    }

    private String idTail() {
        int length = random.nextInt(6);
        StringBuilder tail = new StringBuilder();
        String alphabet = splitCharacters ? ID_CHARACTERS : ID_CHARACTERS.substring(0, 13);
        int[] codePoints = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            tail.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return tail.toString();
    }

    private List<byte[]> fragments(byte[] message, int count) {
        int[] cuts = new int[count + 1];
        cuts[count] = message.length;
        for (int i = 1; i < count; i++) {
            cuts[i] = random.nextInt(message.length + 1);
        }
        java.util.Arrays.sort(cuts);
        List<byte[]> fragments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fragments.add(java.util.Arrays.copyOfRange(message, cuts[i], cuts[i + 1]));
        }
        return fragments;
    }

    private byte[] controlPayload() {
        int[] sizes = {0, 1, 125, random.nextInt(126)};
        byte[] payload = new byte[Math.max(emptyControls ? 0 : 1, sizes[random.nextInt(sizes.length)])];
        random.nextBytes(payload);
        return payload;
    }

    private void breakWith(Builder stream, Violation violation) {
        switch (violation) {
            case RESERVED_BITS -> stream.frame(true, 1 + random.nextInt(7), random.nextBoolean() ? WireClient.TEXT : WireClient.PING,
                    HeraldEcho.request("rsv".getBytes(StandardCharsets.UTF_8)));
            case RESERVED_OPCODE -> stream.frame(true, 0, new int[]{3, 4, 5, 6, 7, 11, 12, 13, 14, 15}[random.nextInt(10)],
                    controlPayload());
            case CONTROL_TOO_LONG -> stream.frame(true, 0, new int[]{WireClient.PING, WireClient.PONG, WireClient.CLOSE}[random.nextInt(3)],
                    new byte[126 + random.nextInt(2000)]);
            case FRAGMENTED_CONTROL -> stream.frame(false, 0, new int[]{WireClient.PING, WireClient.PONG, WireClient.CLOSE}[random.nextInt(3)],
                    new byte[random.nextInt(20)]);
            case NOTHING_TO_CONTINUE -> stream.frame(true, 0, WireClient.CONTINUATION, new byte[random.nextInt(20)]);
            case UNFINISHED_NOTHING_TO_CONTINUE -> stream.frame(false, 0, WireClient.CONTINUATION, new byte[random.nextInt(20)]);
            case MESSAGE_INSIDE_MESSAGE -> {
                stream.frame(false, 0, WireClient.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                stream.frame(random.nextBoolean(), 0, random.nextBoolean() ? WireClient.TEXT : WireClient.BINARY, new byte[3]);
            }
            case UNMASKED -> stream.raw(Frames.unmasked(true, WireClient.TEXT, HeraldEcho.request("x".getBytes(StandardCharsets.UTF_8))));
            case LENGTH_MSB_SET -> stream.raw(Frames.header64(true, random.nextBoolean() ? WireClient.TEXT : WireClient.BINARY,
                    Long.MIN_VALUE | random.nextInt(1 << 20)));
            case INVALID_UTF8, INVALID_UTF8_FRAGMENTED -> {
                List<Utf8Sequences.Sequence> invalid = Utf8Sequences.all().stream().filter(s -> !s.valid()).toList();
                byte[] bad = invalid.get(random.nextInt(invalid.size())).bytes();
                byte[] head = Frames.concat(HeraldEcho.PREFIX, "bad".getBytes(StandardCharsets.UTF_8));
                byte[] message = Frames.concat(head, bad, HeraldEcho.SUFFIX);
                // one frame, or two with the invalid bytes in the last or in the first, with more to follow
                int cut = random.nextBoolean() ? random.nextInt(head.length + 1)
                        : head.length + bad.length + random.nextInt(HeraldEcho.SUFFIX.length);
                List<byte[]> fragments = violation == Violation.INVALID_UTF8 ? List.of(message)
                        : List.of(java.util.Arrays.copyOfRange(message, 0, cut), java.util.Arrays.copyOfRange(message, cut, message.length));
                for (int i = 0; i < fragments.size(); i++) {
                    stream.frame(i == fragments.size() - 1, 0, i == 0 ? WireClient.TEXT : WireClient.CONTINUATION, fragments.get(i));
                }
            }
            case INVALID_CLOSE_CODE -> stream.frame(true, 0, WireClient.CLOSE,
                    Frames.closePayload(INVALID_CLOSE_CODES[random.nextInt(INVALID_CLOSE_CODES.length)], new byte[0]));
            case CLOSE_CODE_ABOVE_4999 -> stream.frame(true, 0, WireClient.CLOSE,
                    Frames.closePayload(5000 + random.nextInt(65536 - 5000), new byte[0]));
            case CLOSE_ONE_BYTE -> stream.frame(true, 0, WireClient.CLOSE, new byte[]{(byte) random.nextInt(256)});
            case CLOSE_REASON_NOT_UTF8 -> stream.frame(true, 0, WireClient.CLOSE,
                    Frames.closePayload(1000, Frames.concat("bye".getBytes(StandardCharsets.UTF_8), Frames.bytes(0xc0, 0xaf))));
            case OVER_THE_LIMIT -> {
                byte[] message = HeraldEcho.pingOfSize(inboundLimit + 1 + random.nextInt(1000), "over");
                List<byte[]> fragments = fragments(message, 1 + random.nextInt(4));
                for (int i = 0; i < fragments.size(); i++) {
                    stream.frame(i == fragments.size() - 1, 0, i == 0 ? WireClient.TEXT : WireClient.CONTINUATION, fragments.get(i));
                }
            }
        }
    }

    /** Bytes and expectations as they are appended. */
    private final class Builder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<byte[]> pongs = new ArrayList<>();
        private final List<String> replies = new ArrayList<>();

        private boolean closeSent;

        void frame(boolean fin, int rsv, int opcode, byte[] payload) {
            bytes.writeBytes(Frames.client(fin, rsv, opcode, payload, random));
            closeSent |= opcode == WireClient.CLOSE;
        }

        void frame(boolean fin, int opcode, byte[] payload) {
            frame(fin, 0, opcode, payload);
        }

        void ping(byte[] payload) {
            frame(true, WireClient.PING, payload);
            pongs.add(payload);
        }

        void raw(byte[] frame) {
            bytes.writeBytes(frame);
        }

        Stream build(Violation violation) {
            return new Stream(bytes.toByteArray(), List.copyOf(pongs), List.copyOf(replies), violation, closeSent);
        }
    }
}
