package dev.herald.distribution.conformance;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz of frame headers, lengths and splits, from a seed (printed on failure; set
 * {@code -Dherald.fuzz.seed=N} to replay one): random valid streams written in random chops must
 * be answered exactly (every ping's pong, every request's reply, in order), and streams that end
 * in a random violation must be failed with that violation's close code, the server closing TCP
 * within 1 s of the closing handshake. Meanwhile a subscriber on another connection receives
 * every event published between the streams, in order.
 */
interface FuzzCases extends TransportUnderTest {

    int STREAMS = 60;

    @Test
    default void fuzz_random_splits_and_violations_while_a_subscriber_is_served() throws Exception {
        long seed = Long.getLong("herald.fuzz.seed", System.nanoTime());
        try {
            fuzz(seed);
        } catch (AssertionError | IOException e) {
            throw new AssertionError("fuzz on " + transport() + " failed with seed " + seed
                    + " (replay: -Dherald.fuzz.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void fuzz(long seed) throws IOException {
        Random random = new Random(seed);
        // A transport that misreads frame headers split across reads (the container's, case
        // rfc.split-empty-control) gets each stream in one write: its chops would fail the fuzz at
        // random on a failure already listed, and its headers, lengths and violations still vary.
        boolean chops = !knownFailures().containsKey("rfc.split-empty-control");
        FrameFuzz fuzz = new FrameFuzz(random, inboundLimit(), !knownFailures().containsKey("6.2.3"), chops);
        List<FrameFuzz.Violation> violations = Arrays.stream(FrameFuzz.Violation.values())
                .filter(v -> !knownFailures().containsKey(v.caseId)).toList();
        GatewayApi api = new GatewayApi(base());
        String job = "fuzz-" + Long.toHexString(seed);
        try (WsClient subscriber = WsClient.to(api.websocketUri()).origin(null).address(null).connect()) {
            subscriber.subscribe(job, null, "fuzz");
            subscriber.await("caught-up", Duration.ofMillis(Conversation.WAIT_MS));
            for (int i = 1; i <= STREAMS; i++) {
                if (random.nextBoolean()) {
                    FrameFuzz.Stream stream = fuzz.valid("v" + i);
                    answered(stream, chops ? fuzz.cuts(stream.bytes().length) : new int[0]);
                } else {
                    FrameFuzz.Stream stream = fuzz.invalid("i" + i, violations.get(random.nextInt(violations.size())));
                    failed(stream, chops ? fuzz.cuts(stream.bytes().length) : new int[0]);
                }
                api.publish(job, "fuzz.step", "{\"stream\":" + i + "}");
            }
            subscriber.awaitSeq(job, STREAMS, Duration.ofMillis(Conversation.WAIT_MS));
            assertThat(subscriber.eventSeqs(job)).as("events the subscriber received")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, STREAMS).boxed().toList());
            assertThat(subscriber.isClosed()).as("the subscriber is still connected").isFalse();
        }
    }

    /** A valid stream in these chops: every pong and every reply, in order, then a normal close. */
    private void answered(FrameFuzz.Stream stream, int[] cuts) throws IOException {
        try (Conversation c = open()) {
            send(c, stream.bytes(), cuts);
            List<byte[]> pongs = new ArrayList<>();
            List<String> replies = new ArrayList<>();
            while (pongs.size() < stream.pongs().size() || replies.size() < stream.replies().size()) {
                collect(c.next(), pongs, replies, stream);
            }
            assertThat(pongs).as("pong payloads").usingElementComparator(Arrays::compare).containsExactlyElementsOf(stream.pongs());
            assertThat(replies).as("request ids of the replies").containsExactlyElementsOf(stream.replies());
            c.closesNormally();
        }
    }

    /**
     * A stream ending in a violation: the pongs and replies of its valid start (a server may fail
     * the connection before the last of them are out), the error frame the contract gives a message
     * over the limit, then the violation's close code.
     */
    private void failed(FrameFuzz.Stream stream, int[] cuts) throws IOException {
        try (Conversation c = open()) {
            send(c, stream.bytes(), cuts); // the server may hang up before the rest goes out
            List<byte[]> pongs = new ArrayList<>();
            List<String> replies = new ArrayList<>();
            WireClient.Received next = c.next();
            while (!(next instanceof WireClient.Close) && !(next instanceof WireClient.Ended)) {
                if (next instanceof WireClient.Text text && "error".equals(GatewayApi.json(text.text()).getString("type", ""))) {
                    JsonObject error = GatewayApi.json(text.text());
                    assertThat(stream.violation()).as("an error frame (%s) before the close", error)
                            .isEqualTo(FrameFuzz.Violation.OVER_THE_LIMIT);
                    assertThat(error.getString("code")).isEqualTo("MESSAGE_TOO_LARGE");
                } else {
                    collect(next, pongs, replies, stream);
                }
                next = c.next();
            }
            assertThat(next).as("%s: the close frame", stream.violation()).isInstanceOf(WireClient.Close.class);
            assertThat(((WireClient.Close) next).code()).as("close code for %s", stream.violation())
                    .isEqualTo(stream.violation().closeCode);
            assertThat(stream.pongs().subList(0, pongs.size())).usingElementComparator(Arrays::compare)
                    .as("pongs before the close").containsExactlyElementsOf(pongs);
            assertThat(stream.replies().subList(0, replies.size())).as("replies before the close").containsExactlyElementsOf(replies);
            long answeredAt = ((WireClient.Close) next).atNanos();
            if (!stream.clientClosed()) {
                answeredAt = System.nanoTime();
                c.wire().close(stream.violation().closeCode);
            }
            WireClient.Received end = c.next();
            assertThat(end).as("the end of TCP after the closing handshake").isInstanceOf(WireClient.Ended.class);
            assertThat(Duration.ofNanos(end.atNanos() - answeredAt)).isLessThanOrEqualTo(Conversation.TCP_CLOSE);
        }
    }

    private static void collect(WireClient.Received next, List<byte[]> pongs, List<String> replies, FrameFuzz.Stream stream) {
        if (next instanceof WireClient.Pong pong) {
            pongs.add(pong.payload());
        } else if (next instanceof WireClient.Text text) {
            JsonObject reply = GatewayApi.json(text.text());
            assertThat(reply.getString("type", "")).as("reply %s", reply).isEqualTo("pong");
            replies.add(reply.getString("id", null));
        } else {
            throw new AssertionError("unexpected " + next + " for a stream expecting pongs " + stream.pongs().size()
                    + " and replies " + stream.replies() + " (" + stream.violation() + ")");
        }
        assertThat(pongs.size()).as("pongs").isLessThanOrEqualTo(stream.pongs().size());
        assertThat(replies.size()).as("replies").isLessThanOrEqualTo(stream.replies().size());
    }

    private static void send(Conversation c, byte[] bytes, int[] cuts) {
        int from = 0;
        for (int cut : cuts) {
            c.wire().sendPartOfFrame(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        c.wire().send(Arrays.copyOfRange(bytes, from, bytes.length));
    }
}
