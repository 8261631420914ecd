package dev.herald.distribution.conformance;

import dev.herald.bootstrap.testing.GatewayApi;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One case's connection: what the case sends, and what it expects back, in order. Every
 * expectation takes the next thing the server did and fails, naming what came instead, when it is
 * not the expected one; so a case also fails on anything unexpected before it (a reply to a frame
 * that should have been refused, a pong after a close).
 */
final class Conversation implements AutoCloseable {

    /** How long an expected answer may take. */
    static final long WAIT_MS = 5_000;
    /** How long a known failure gets to show it still fails (the answer it lacks never comes). */
    static final long KNOWN_FAILURE_WAIT_MS = 1_000;
    private static final ThreadLocal<Long> WAIT = ThreadLocal.withInitial(() -> WAIT_MS);
    /** The wire contract: after the closing handshake, whoever started it, the server closes TCP within 1 s. */
    static final Duration TCP_CLOSE = Duration.ofSeconds(1);
    /** The RFC's "connection failed" without a close frame: what a reader reports for a lost connection. */
    static final int ABNORMAL = 1006;

    /** How the bytes of several frames go on the wire. */
    enum Chops {
        /** All frames in one write. */
        STREAM,
        /** One write per frame ("frame-wise chops", Autobahn's sync). */
        FRAMES,
        /** One write per byte ("octet-wise chops"). */
        OCTETS
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private final WireClient wire;
    private final List<Object> seen = new ArrayList<>();

    private Conversation(WireClient wire) {
        this.wire = wire;
    }

    static Conversation open(URI base) throws IOException {
        return new Conversation(WireClient.connect(base));
    }

    /** A conversation that offers these extensions ({@code Sec-WebSocket-Extensions}). */
    static Conversation open(URI base, String extensions) throws IOException {
        return new Conversation(WireClient.connect(base, extensions));
    }

    WireClient wire() {
        return wire;
    }

    // ---- sending ----

    void send(Chops chops, byte[]... frames) {
        switch (chops) {
            case STREAM -> wire.send(Frames.concat(frames));
            case FRAMES -> {
                for (byte[] frame : frames) {
                    wire.send(frame);
                }
            }
            case OCTETS -> wire.send(Frames.concat(frames), 1);
        }
    }

    void frame(boolean fin, int opcode, byte[] payload) {
        wire.frame(fin, opcode, payload);
    }

    void frame(boolean fin, int opcode, String payload) {
        wire.frame(fin, opcode, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One message in these fragments (text or binary), then whatever follows, in {@code chops}. */
    static byte[][] message(int opcode, List<byte[]> fragments) {
        byte[][] frames = new byte[fragments.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = Frames.client(i == frames.length - 1, 0, i == 0 ? opcode : WireClient.CONTINUATION, fragments.get(i));
        }
        return frames;
    }

    /** A ping request with a fresh id; returns the id its pong will carry. */
    String sendPingRequest() {
        String id = "probe-" + IDS.incrementAndGet();
        wire.text("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        return id;
    }

    void close(int code) {
        wire.close(code);
    }

    // ---- expecting ----

    /** Runs {@code steps} with the shorter wait of a known failure on this thread. */
    static void asKnownFailure(TransportUnderTest.Steps steps) throws Exception {
        WAIT.set(KNOWN_FAILURE_WAIT_MS);
        try {
            steps.run();
        } finally {
            WAIT.remove();
        }
    }

    /** The next thing the server did; fails when nothing came within {@link #WAIT_MS}. */
    WireClient.Received next() {
        long wait = WAIT.get();
        WireClient.Received next = wire.poll(wait);
        if (next == null) {
            fail("nothing from the server within " + wait + " ms; before that: " + seen);
        }
        seen.add(next);
        return next;
    }

    /** A JSON text message. */
    JsonObject nextJson() {
        WireClient.Received next = next();
        if (!(next instanceof WireClient.Text text)) {
            throw new AssertionError("expected a text message, got " + next + "; before that: " + before());
        }
        return GatewayApi.json(text.text());
    }

    /** Herald's echo: the {@code pong} reply to a ping request whose id was {@code id}. */
    void echo(String id) {
        JsonObject reply = nextJson();
        assertThat(reply.getString("type", "")).as("reply %s", reply).isEqualTo("pong");
        assertThat(reply.getString("id", null)).as("id of the pong (before: %s)", before()).isEqualTo(id);
    }

    /** The {@code pong} reply to a ping request without an id. */
    void echoWithoutId() {
        JsonObject reply = nextJson();
        assertThat(reply.getString("type", "")).as("reply %s", reply).isEqualTo("pong");
        assertThat(reply.containsKey("id")).as("reply %s has no id", reply).isFalse();
    }

    /** An {@code error} reply with this contract code. */
    void error(String code) {
        JsonObject reply = nextJson();
        assertThat(reply.getString("type", "")).as("reply %s", reply).isEqualTo("error");
        assertThat(reply.getString("code", "")).as("reply %s", reply).isEqualTo(code);
    }

    /** A protocol-level pong carrying exactly {@code payload}. */
    void pong(byte[] payload) {
        WireClient.Received next = next();
        if (!(next instanceof WireClient.Pong pong)) {
            throw new AssertionError("expected a pong, got " + next + "; before that: " + before());
        }
        assertThat(pong.payload()).as("pong payload").isEqualTo(payload);
    }

    void pong(String payload) {
        pong(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The connection still serves requests: a ping request gets its pong next. */
    void usable() {
        echo(sendPingRequest());
    }

    /**
     * The server fails the connection with {@code code}: its close frame comes next, this side
     * answers it, and the server closes TCP within {@link #TCP_CLOSE} of the answer.
     */
    void failsWith(int code) {
        WireClient.Close close = nextClose();
        assertThat(close.code()).as("close code (before: %s)", before()).isEqualTo(code);
        long answeredAt = answerClose(code);
        endsWithin(answeredAt);
    }

    /**
     * As {@link #failsWith}, for a server that failed the connection in the middle of a frame: the
     * rest of the frame goes first, so the answer is a frame of its own, as a real client's would be.
     */
    void failsWithInsideAFrame(int code, byte[] restOfTheFrame) {
        WireClient.Close close = nextClose();
        assertThat(close.code()).as("close code (before: %s)", before()).isEqualTo(code);
        wire.send(restOfTheFrame);
        endsWithin(answerClose(code));
    }

    /**
     * As {@link #failsWith}, after at most these echoes in this order (Autobahn's "non-strict": a
     * server may fail the connection before the replies to the frames before the bad one are out).
     */
    void failsWithAfterAtMost(int code, String... echoIds) {
        WireClient.Close close = closeAfterAtMost(echoIds);
        assertThat(close.code()).as("close code (before: %s)", before()).isEqualTo(code);
        endsWithin(answerClose(code));
    }

    /**
     * After this side's close frame: at most these echoes in this order (replies to requests sent
     * before the close may be dropped), the server's close with one of {@code codes}, the end of TCP.
     */
    void answersCloseAfterAtMost(Set<Integer> codes, String... echoIds) {
        WireClient.Close close = closeAfterAtMost(echoIds);
        assertThat(codes).as("close code %s (before: %s)", close.code(), before()).contains(close.code());
        endsWithin(close.atNanos());
    }

    private WireClient.Close closeAfterAtMost(String... echoIds) {
        List<String> got = new ArrayList<>();
        WireClient.Received next = next();
        while (next instanceof WireClient.Text text) {
            JsonObject reply = GatewayApi.json(text.text());
            assertThat(reply.getString("type", "")).as("reply %s", reply).isEqualTo("pong");
            got.add(reply.getString("id", null));
            next = next();
        }
        assertThat(got).as("replies before the close").isEqualTo(Arrays.asList(echoIds).subList(0, Math.min(got.size(), echoIds.length)));
        if (!(next instanceof WireClient.Close close)) {
            throw new AssertionError("expected a close frame, got " + next + "; before that: " + before());
        }
        return close;
    }

    /** This side starts a normal close: the server answers 1000 and closes TCP within {@link #TCP_CLOSE}. */
    void closesNormally() {
        close(1000);
        answersClose(Set.of(1000));
    }

    /** After this side's close frame: the server's close with one of {@code codes} comes next, then the end of TCP. */
    void answersClose(Set<Integer> codes) {
        WireClient.Close close = nextClose();
        assertThat(codes).as("close code %s (before: %s)", close.code(), before()).contains(close.code());
        endsWithin(close.atNanos());
    }

    /** Nothing arrives for {@code millis} (where the RFC leaves no event to wait for). */
    void quiet(long millis) {
        WireClient.Received next = wire.poll(millis);
        if (next != null) {
            seen.add(next);
            fail("expected nothing for " + millis + " ms, got " + next + "; before that: " + before());
        }
    }

    private WireClient.Close nextClose() {
        WireClient.Received next = next();
        if (!(next instanceof WireClient.Close close)) {
            throw new AssertionError("expected a close frame, got " + next + "; before that: " + before());
        }
        return close;
    }

    /** Echoes the server's close code, as a client completes a closing handshake; returns when. */
    private long answerClose(int code) {
        long at = System.nanoTime();
        wire.close(code == 1005 || code == ABNORMAL ? 1000 : code);
        return at;
    }

    private void endsWithin(long handshakeDoneAt) {
        WireClient.Received next = next();
        if (!(next instanceof WireClient.Ended ended)) {
            throw new AssertionError("expected the end of the TCP connection after the closing handshake, got "
                    + next + "; before that: " + before());
        }
        long afterMillis = Duration.ofNanos(ended.atNanos() - handshakeDoneAt).toMillis();
        assertThat(afterMillis).as("ms from the closing handshake to the server closing TCP").isLessThanOrEqualTo(TCP_CLOSE.toMillis());
    }

    private List<Object> before() {
        return seen.size() <= 1 ? List.of() : List.copyOf(seen.subList(0, seen.size() - 1));
    }

    @Override
    public void close() {
        wire.close();
    }
}
