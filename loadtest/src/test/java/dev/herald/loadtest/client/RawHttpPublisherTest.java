package dev.herald.loadtest.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw publisher (through {@link GatewayHttp}) against a fake gateway that scripts every byte. */
class RawHttpPublisherTest {

    private FakeServer server;
    private GatewayHttp http;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeServer();
        Target target = new Target(URI.create("http://127.0.0.1:" + server.port()),
                URI.create("ws://127.0.0.1:" + server.port() + "/realtime"), null, "t0ken");
        http = new GatewayHttp(target, HttpClientKind.RAW);
    }

    @AfterEach
    void tearDown() throws IOException {
        http.close();
        server.close();
    }

    /** A request as the server read it. */
    private record Request(FakeServer.Head head, String body) {
    }

    private static Request read(FakeServer.Peer peer) throws IOException {
        FakeServer.Head head = peer.readHead();
        byte[] body = peer.readBytes(Integer.parseInt(head.header("Content-Length")));
        return new Request(head, new String(body, StandardCharsets.UTF_8));
    }

    private static String created(long seq) {
        String body = "{\"jobId\":\"job-1\",\"seq\":" + seq + ",\"eventType\":\"t\"}";
        return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Publishes event 1 on a new connection, answered 201; the connection stays open. */
    private FakeServer.Peer publishFirstEvent() throws Exception {
        CompletableFuture<GatewayHttp.Published> first = publish(1);
        FakeServer.Peer peer = server.accept();
        read(peer);
        peer.write(created(1));
        assertThat(reply(first).seq()).isEqualTo(1);
        return peer;
    }

    /** Publishes event {@code i}, which must arrive on a new connection, and answers it 201. */
    private void publishesOnANewConnection(int i, String why) throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = publish(i);
        FakeServer.Peer next = server.accept();
        assertThat(read(next).body()).as(why).contains("\"i\":" + i);
        next.write(created(i));
        assertThat(reply(publishing)).isEqualTo(new GatewayHttp.Published(201, i, null));
        next.close();
    }

    private CompletableFuture<GatewayHttp.Published> publish(int i) {
        return http.publishAsync("job-1", "t", "{\"i\":" + i + "}");
    }

    private static GatewayHttp.Published reply(CompletableFuture<GatewayHttp.Published> publishing) throws Exception {
        return publishing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCreatedReplyYieldsItsSeqForAJsonPostWithTheToken() throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = http.publishAsync("job-1", "t", "{\"city\":\"Z\u00fcrich\"}");
        FakeServer.Peer peer = server.accept();
        Request request = read(peer);
        peer.write(created(41));

        assertThat(reply(publishing)).isEqualTo(new GatewayHttp.Published(201, 41, null));
        assertThat(request.head().line()).isEqualTo("POST /api/jobs/job-1/events HTTP/1.1");
        assertThat(request.head().header("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.head().header("Content-Type")).isEqualTo("application/json");
        assertThat(request.head().header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.body()).isEqualTo("{\"eventType\":\"t\",\"payload\":{\"city\":\"Z\u00fcrich\"}}");
        peer.close();
    }

    @Test
    void aRefusalYieldsItsStatusAndErrorBody() throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = publish(1);
        FakeServer.Peer peer = server.accept();
        read(peer);
        String error = "{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}";
        peer.write("HTTP/1.1 429 Too Many Requests\r\nContent-Length: " + error.length() + "\r\n\r\n" + error);

        GatewayHttp.Published published = reply(publishing);
        assertThat(published).isEqualTo(new GatewayHttp.Published(429, 0, error));
        assertThat(published.ok()).isFalse();
        peer.close();
    }

    @Test
    void aChunkedReplyIsRead() throws Exception {
        CompletableFuture<GatewayHttp.Published> first = publish(1);
        FakeServer.Peer peer = server.accept();
        read(peer);
        peer.write("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "c;ext=1\r\n{\"jobId\":\"j\"\r\n");
        Thread.sleep(20); // the rest in another segment
        peer.write("9\r\n,\"seq\":77\r\n1\r\n}\r\n0\r\nX-Trailer: yes\r\n\r\n");
        assertThat(reply(first)).isEqualTo(new GatewayHttp.Published(201, 77, null));

        CompletableFuture<GatewayHttp.Published> second = publish(2);
        assertThat(read(peer).body()).as("the chunked reply was read to its end: the connection carries the next request")
                .contains("\"i\":2");
        peer.write(created(78));
        assertThat(reply(second).seq()).isEqualTo(78);
        peer.close();
    }

    @Test
    void publishesOneAfterTheOtherShareOneKeepAliveConnection() throws Exception {
        CompletableFuture<GatewayHttp.Published> first = publish(1);
        FakeServer.Peer peer = server.accept();
        assertThat(read(peer).body()).contains("\"i\":1");
        peer.write(created(1));
        assertThat(reply(first).seq()).isEqualTo(1);

        CompletableFuture<GatewayHttp.Published> second = publish(2);
        assertThat(read(peer).body()).as("the second request on the same connection").contains("\"i\":2");
        peer.write(created(2));
        assertThat(reply(second).seq()).isEqualTo(2);
        peer.close();
    }

    @Test
    void afterConnectionCloseTheNextPublishOpensANewConnection() throws Exception {
        CompletableFuture<GatewayHttp.Published> first = publish(1);
        FakeServer.Peer peer = server.accept();
        read(peer);
        String body = "{\"seq\":1}";
        peer.write("HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(reply(first).seq()).isEqualTo(1);
        assertThat(peer.atEndOfStream()).as("the client closed it").isTrue();
        peer.close();

        publishesOnANewConnection(2, "a new connection");
    }

    @Test
    void aConnectionTheServerDroppedWhileIdleIsNotUsedAgain() throws Exception {
        FakeServer.Peer peer = publishFirstEvent();
        peer.close(); // a keep-alive reply, then the server's idle timeout

        publishesOnANewConnection(2, "a new connection");
    }

    @Test
    void aRequestLostAfterItWasWrittenIsReportedNeverSentTwice() throws Exception {
        FakeServer.Peer peer = publishFirstEvent();

        CompletableFuture<GatewayHttp.Published> second = publish(2);
        assertThat(read(peer).body()).contains("\"i\":2");
        peer.close(); // read, maybe stored, never answered
        GatewayHttp.Published lost = reply(second);
        assertThat(lost.status()).isZero();
        assertThat(lost.ok()).isFalse();
        assertThat(lost.error()).isNotBlank();

        publishesOnANewConnection(3, "the next connection carries the next event, not the lost one again");
    }

    @Test
    void aReplyWithoutLengthEndsWithTheConnection() throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = publish(1);
        FakeServer.Peer peer = server.accept();
        read(peer);
        peer.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nbusy");
        peer.close();

        assertThat(reply(publishing)).isEqualTo(new GatewayHttp.Published(503, 0, "busy"));
    }

    @Test
    void aBatchGoesToTheBatchEndpointWithItsKeyAndItsReplyYieldsTheSeqRange() throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = http.publishBatchAsync("job-1", "t",
                java.util.List.of("{\"i\":1}", "{\"i\":2}", "{\"i\":3}"), "lt-abc-1");
        FakeServer.Peer peer = server.accept();
        Request request = read(peer);
        String body = "{\"jobId\":\"job-1\",\"firstSeq\":11,\"lastSeq\":13,\"count\":3,\"occurredAt\":\"2026-01-02T03:04:05.678Z\"}";
        peer.write("HTTP/1.1 201 Created\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        GatewayHttp.Published published = reply(publishing);
        assertThat(request.head().line()).isEqualTo("POST /api/jobs/job-1/events/batch HTTP/1.1");
        assertThat(request.head().header("Idempotency-Key")).isEqualTo("lt-abc-1");
        assertThat(request.body()).isEqualTo("{\"events\":[{\"eventType\":\"t\",\"payload\":{\"i\":1}},"
                + "{\"eventType\":\"t\",\"payload\":{\"i\":2}},{\"eventType\":\"t\",\"payload\":{\"i\":3}}]}");
        assertThat(published).isEqualTo(new GatewayHttp.Published(201, 11, 13, false, null));
        assertThat(published.count()).isEqualTo(3);
        peer.close();
    }

    @Test
    void withoutAKeyNoIdempotencyHeaderIsSent() throws Exception {
        CompletableFuture<GatewayHttp.Published> publishing = publish(1);
        FakeServer.Peer peer = server.accept();
        Request request = read(peer);
        peer.write(created(1));
        reply(publishing);
        assertThat(request.head().headers()).doesNotContainKey("idempotency-key");
        peer.close();
    }

    @Test
    void aFieldIsReadByItsNameNotByAValueThatSpellsIt() {
        assertThat(GatewayHttp.longField("{\"jobId\":\"seq\",\"seq\" : 42}", "seq")).isEqualTo(42);
        assertThat(GatewayHttp.longField("{\"jobId\":\"j\",\"firstSeq\":3,\"lastSeq\":4}", "seq")).isZero();
        assertThat(GatewayHttp.longField("{\"jobId\":\"j\",\"firstSeq\":3,\"lastSeq\":4}", "lastSeq")).isEqualTo(4);
    }
}
