package dev.herald.loadtest.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyed publishes sent again, through the raw publisher, against a fake gateway that scripts every byte. */
class PublishRetryTest {

    private static final String KEY = "lt-run1-7";

    private FakeServer server;
    private GatewayHttp http;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeServer();
        Target target = new Target(URI.create("http://127.0.0.1:" + server.port()),
                URI.create("ws://127.0.0.1:" + server.port() + "/realtime"), null, null);
        http = new GatewayHttp(target, HttpClientKind.RAW, Duration.ofMillis(500));
    }

    @AfterEach
    void tearDown() throws IOException {
        http.close();
        server.close();
    }

    private record Request(FakeServer.Head head, String body) {
    }

    private static Request read(FakeServer.Peer peer) throws IOException {
        FakeServer.Head head = peer.readHead();
        byte[] body = peer.readBytes(Integer.parseInt(head.header("Content-Length")));
        return new Request(head, new String(body, StandardCharsets.UTF_8));
    }

    private static String reply(String status, String extraHeaders, String body) {
        return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private CompletableFuture<PublishRetry.Outcome> send(PublishRetry retry) {
        return retry.send(() -> http.publishAsync("job-1", "t", "{\"i\":1}", KEY));
    }

    private static PublishRetry.Outcome outcome(CompletableFuture<PublishRetry.Outcome> sending) throws Exception {
        return sending.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestLostWithItsConnectionIsSentAgainWithTheSameKeyAndItsReplayIsTheAnswer() throws Exception {
        CompletableFuture<PublishRetry.Outcome> sending = send(new PublishRetry(3, 1));
        FakeServer.Peer first = server.accept();
        Request original = read(first);
        first.close(); // stored, maybe, but never answered

        FakeServer.Peer second = server.accept();
        Request repeat = read(second);
        second.write(reply("200 OK", "Idempotent-Replayed: true\r\n", "{\"jobId\":\"job-1\",\"seq\":5,\"occurredAt\":\"x\"}"));

        PublishRetry.Outcome outcome = outcome(sending);
        assertThat(original.head().header("Idempotency-Key")).isEqualTo(KEY);
        assertThat(repeat.head().header("Idempotency-Key")).as("the same key").isEqualTo(KEY);
        assertThat(repeat.body()).as("the very same body").isEqualTo(original.body());
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.reply()).isEqualTo(new GatewayHttp.Published(200, 5, 5, true, null));
        assertThat(outcome.reply().ok()).as("a replayed 200 acknowledges the event").isTrue();
        second.close();
    }

    @Test
    void aRequestThatTimesOutIsSentAgain() throws Exception {
        CompletableFuture<PublishRetry.Outcome> sending = send(new PublishRetry(3, 1));
        FakeServer.Peer silent = server.accept();
        read(silent); // and no answer: the 500 ms timeout runs out

        FakeServer.Peer second = server.accept();
        assertThat(read(second).head().header("Idempotency-Key")).isEqualTo(KEY);
        second.write(reply("201 Created", "", "{\"jobId\":\"job-1\",\"seq\":9}"));

        PublishRetry.Outcome outcome = outcome(sending);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.reply()).isEqualTo(new GatewayHttp.Published(201, 9, null));
        silent.close();
        second.close();
    }

    @Test
    void a5xxIsRetriedUntilTheRetriesAreSpent() throws Exception {
        CompletableFuture<PublishRetry.Outcome> sending = send(new PublishRetry(2, 1));
        FakeServer.Peer peer = server.accept();
        for (int i = 0; i < 3; i++) {
            assertThat(read(peer).head().header("Idempotency-Key")).isEqualTo(KEY);
            peer.write(reply("503 Service Unavailable", "", "{\"code\":\"STORE_UNAVAILABLE\"}"));
        }

        PublishRetry.Outcome outcome = outcome(sending);
        assertThat(outcome.attempts()).as("the first request and 2 retries").isEqualTo(3);
        assertThat(outcome.reply().status()).isEqualTo(503);
        assertThat(outcome.reply().ok()).isFalse();
        peer.close();
    }

    @Test
    void a4xxIsFinal() throws Exception {
        FakeServer.Peer peer = null;
        for (String status : new String[]{"409 Conflict", "400 Bad Request"}) {
            CompletableFuture<PublishRetry.Outcome> sending = send(new PublishRetry(3, 1));
            if (peer == null) {
                peer = server.accept(); // then kept alive for the next request
            }
            read(peer);
            peer.write(reply(status, "", "{\"code\":\"X\"}"));

            PublishRetry.Outcome outcome = outcome(sending);
            assertThat(outcome.attempts()).as(status).isEqualTo(1);
            assertThat(outcome.reply().status()).isEqualTo(Integer.parseInt(status.substring(0, 3)));
        }
        peer.close();
    }

    @Test
    void backoffDoublesUpToACap() {
        PublishRetry retry = new PublishRetry(20, 100);
        assertThat(retry.delayMs(1)).isEqualTo(100);
        assertThat(retry.delayMs(2)).isEqualTo(200);
        assertThat(retry.delayMs(3)).isEqualTo(400);
        assertThat(retry.delayMs(20)).isEqualTo(5_000);
    }
}
