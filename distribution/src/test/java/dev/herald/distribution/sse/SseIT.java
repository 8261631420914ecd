package dev.herald.distribution.sse;

import dev.herald.adapter.mongo.EmbeddedMongoServer;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.distribution.LibertyNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/jobs/{jobId}/stream} end to end: the packaged server with a real redis-server and
 * MongoDB (wire protocol), auth on, an origin allow-list, a per-address cap and a short heartbeat,
 * followed by a plain HTTP client that reads the Server-Sent Events as they are on the wire.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SseIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "sse-it-secret-" + System.nanoTime() + "-0123456789abcdef";
    private static final String ORIGIN = "https://app.example";
    private static final int PER_ADDRESS = 25;
    /** Long enough that a stream whose first frames waited for a heartbeat shows (see the start test). */
    private static final long HEARTBEAT_MS = 2_000;

    private static RedisServer redis;
    private static EmbeddedMongoServer mongo;
    private static LibertyNode node;
    private final List<SseClient> streams = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisServer.startOnFreePort();
        mongo = EmbeddedMongoServer.start(Path.of(System.getProperty("herald.nodes.dir", "target/nodes"), "sse-mongo"));
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", redis.url());
        env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongo.port() + "/herald");
        env.put("REALTIME_SHARED_SECRET", SECRET);
        env.put("HERALD_AUTH_CLOCK_SKEW_SECONDS", "0");
        env.put("HERALD_AUTH_EXPIRY_GRACE_MS", "500");
        env.put("HERALD_ALLOWED_ORIGINS", ORIGIN);
        env.put("MAX_CONNS_PER_IP", String.valueOf(PER_ADDRESS));
        env.put("HERALD_SSE_HEARTBEAT_MS", String.valueOf(HEARTBEAT_MS));
        env.put("HERALD_RECONCILE_INTERVAL_MS", "1000");
        env.put("HERALD_NAMESPACES", "chat");
        env.put("HERALD_NAMESPACE_CHAT_HISTORY", "none");
        env.put("HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true");
        node = new LibertyNode("sse", env);
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[]{node, mongo, redis}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @AfterEach
    void closeStreams() {
        awaitNoConnectionAfterClosing(); // every test starts with the per-address cap free
    }

    @Test
    void aStreamReplaysFromAfterSeqThenCaughtUpThenLiveEventsWithHeartbeatsWhileIdle() {
        String job = "sse-live-" + System.nanoTime();
        GatewayApi api = publisher(job);
        for (int i = 1; i <= 3; i++) {
            api.publish(job, "step", "{\"i\":" + i + ",\"text\":\"line\\nbreak\"}");
        }
        SseClient stream = follow(job, "afterSeq=1", Map.of("Origin", ORIGIN, "Authorization", "Bearer " + token(job, 60)));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        SseClient.Message caughtUp = stream.await("caught-up", WAIT);
        assertThat(caughtUp.json().getInt("seq")).isEqualTo(3);
        assertThat(caughtUp.json().getInt("replayed")).isEqualTo(2);
        assertThat(stream.seqs()).containsExactly(2L, 3L);
        JsonObject second = stream.messages("event").get(0).json();
        assertThat(second.getString("type")).isEqualTo("event");
        assertThat(second.getString("eventType")).isEqualTo("step");
        assertThat(second.getBoolean("replay")).isTrue();
        assertThat(second.getJsonObject("payload").getString("text")).isEqualTo("line\nbreak");

        stream.awaitComments(2, WAIT); // idle: a comment every heartbeat
        api.publish(job, "step", "{\"i\":4}");
        JsonObject live = stream.awaitSeq(4, WAIT).json();
        assertThat(live.getBoolean("replay")).isFalse();
        assertThat(stream.seqs()).containsExactly(2L, 3L, 4L);
        assertThat(node.api().withToken(adminToken()).metrics().getJsonObject("subscriptionsByJob").getInt(job)).isEqualTo(1);
    }

    @Test
    void manyStreamsOpenedAtOnceEachGetTheirFirstFramesAtOnceNotAtTheirFirstHeartbeat() throws Exception {
        String job = "sse-start-" + System.nanoTime();
        publisher(job).publish(job, "step", "{}");
        String query = "token=" + token(job, 60);
        int count = 20;
        java.util.concurrent.ExecutorService openers = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            List<java.util.concurrent.Future<Long>> gaps = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                gaps.add(openers.submit(() -> {
                    SseClient stream = follow(job, query, Map.of());
                    long caughtUp = stream.await("caught-up", WAIT).receivedNanos();
                    stream.awaitComments(1, WAIT);
                    return (stream.firstCommentNanos() - caughtUp) / 1_000_000;
                }));
            }
            long shortest = Long.MAX_VALUE;
            for (var f : gaps) {
                shortest = Math.min(shortest, f.get());
            }
            // a heartbeat is written a heartbeat after the stream's last write: frames that came only with it
            // (Liberty held frames flushed while the admitting dispatch was still returning) arrive just before it
            assertThat(shortest).as("shortest time from caught-up to the first heartbeat over %d streams, ms", count)
                    .isGreaterThan(HEARTBEAT_MS / 2);
        } finally {
            openers.shutdownNow();
        }
        awaitNoConnectionAfterClosing();
    }

    @Test
    void anEphemeralChannelStreamsLiveEventsOnly() {
        String job = "chat:sse-" + System.nanoTime();
        SseClient stream = follow(job, "token=" + token(job, 60), Map.of());
        assertThat(stream.await("caught-up", WAIT).json().getInt("seq")).isZero();
        HttpResponse<String> published = publisher(job).post("/api/jobs/" + job + "/events",
                "{\"eventType\":\"said\",\"payload\":{\"text\":\"hi\"}}", "application/json");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202); // relayed, not stored
        SseClient.Message relayed = stream.await("event", WAIT);
        assertThat(relayed.id()).isNull();
        assertThat(relayed.json().containsKey("seq")).isFalse();
        assertThat(relayed.json().getJsonObject("payload").getString("text")).isEqualTo("hi");
    }

    @Test
    void refusalsBeforeTheStreamAreHttpStatusesWithTheJsonError() {
        String job = "sse-refused-" + System.nanoTime();
        String good = token(job, 60);
        assertRefused(open("bad job!", "token=" + good, Map.of()), 400, "BAD_REQUEST");
        assertRefused(open(job, "token=" + good + "&afterSeq=-1", Map.of()), 400, "BAD_REQUEST");
        assertRefused(open(job, "token=" + good, Map.of("Last-Event-ID", "x")), 400, "BAD_REQUEST");
        assertRefused(open(job, "", Map.of()), 401, "UNAUTHORIZED");
        assertRefused(open(job, "token=" + token("another-job", 60), Map.of()), 403, "FORBIDDEN");
        assertRefused(open(job, "token=" + good, Map.of("Origin", "https://evil.example")), 403, "ORIGIN_NOT_ALLOWED");
        // the per-address cap counts streams like sockets
        List<SseClient> held = new ArrayList<>();
        awaitNoConnectionAfterClosing();
        for (int i = 0; i < PER_ADDRESS; i++) {
            SseClient stream = open(job, "token=" + good, Map.of());
            assertThat(stream.status()).isEqualTo(200);
            stream.await("caught-up", WAIT);
            held.add(stream);
        }
        assertRefused(open(job, "token=" + good, Map.of()), 429, "IP_LIMIT");
        assertThat(node.api().withToken(adminToken()).rejections("IP_LIMIT")).isPositive();
        // a client that went away is found by the next heartbeat's write, and its slot freed
        awaitNoConnectionAfterClosing();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithTheCorsHeadersAndOthersAreRefused() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        URI uri = node.base().resolve("/api/jobs/sse-cors/stream");
        HttpResponse<String> allowed = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, last-event-id").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization").contains("Last-Event-ID");
        HttpResponse<String> other = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(GatewayApi.json(other.body()).getString("code")).isEqualTo("ORIGIN_NOT_ALLOWED");
    }

    @Test
    void anErrorAfterTheStreamStartedIsAnErrorEventThenTheEnd() {
        String job = "sse-expiry-" + System.nanoTime();
        SseClient stream = follow(job, "token=" + token(job, 2), Map.of());
        assertThat(stream.status()).isEqualTo(200);
        stream.await("caught-up", WAIT);
        JsonObject error = stream.await("error", WAIT).json();
        assertThat(error.getString("code")).isEqualTo("TOKEN_EXPIRED");
        assertThat(error.getString("message")).isNotBlank();
        stream.awaitEnd(WAIT);
    }

    @Test
    void everyEventArrivesExactlyOnceAcrossARedisOutage() throws Exception {
        String job = "sse-redis-" + System.nanoTime();
        GatewayApi api = publisher(job);
        SseClient stream = follow(job, "token=" + token(job, 120), Map.of());
        stream.await("caught-up", WAIT);
        for (int i = 1; i <= 5; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        redis.kill();
        try {
            for (int i = 6; i <= 10; i++) {
                api.publish(job, "step", "{\"i\":" + i + "}"); // stored; their live publication is lost
            }
        } finally {
            redis.start();
        }
        for (int i = 11; i <= 15; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        stream.awaitSeq(15, WAIT);
        Thread.sleep(500); // nothing more may come: no duplicate after the repair
        assertThat(stream.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
    }

    @Test
    void aStreamTheServerEndsOnRestartResumesExactlyWithLastEventId() {
        String job = "sse-restart-" + System.nanoTime();
        GatewayApi api = publisher(job);
        String token = token(job, 300);
        for (int i = 1; i <= 3; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        SseClient before = follow(job, "token=" + token, Map.of());
        before.awaitSeq(3, WAIT);

        node.stop(); // SIGTERM: the gateway drains, every stream gets its last frame
        assertThat(before.await("error", WAIT).json().getString("code")).isEqualTo("SHUTTING_DOWN");
        before.awaitEnd(WAIT);
        node.start();
        for (int i = 4; i <= 6; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        // what a reconnecting EventSource sends: the last id it saw wins over afterSeq in the URL
        SseClient after = follow(job, "token=" + token + "&afterSeq=0", Map.of("Last-Event-ID", before.messages("event")
                .get(2).id()));
        after.await("caught-up", WAIT);
        api.publish(job, "step", "{\"i\":7}");
        after.awaitSeq(7, WAIT);
        assertThat(after.seqs()).containsExactly(4L, 5L, 6L, 7L);
    }

    private void awaitNoConnectionAfterClosing() {
        synchronized (streams) {
            streams.forEach(SseClient::close);
        }
        awaitNoConnection();
    }

    /** Last: the instance stays draining. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aDrainEndsOpenStreamsWithShuttingDownAndRefusesNewOnesWith503() {
        String job = "sse-drain-" + System.nanoTime();
        String query = "token=" + token(job, 60);
        SseClient open = follow(job, query, Map.of());
        open.await("caught-up", WAIT);

        HttpResponse<String> drain = node.api().withToken(adminToken()).post("/api/realtime/drain", "", "application/json");
        assertThat(drain.statusCode()).as(drain.body()).isBetween(200, 299);
        assertThat(open.await("error", WAIT).json().getString("code")).isEqualTo("SHUTTING_DOWN");
        open.awaitEnd(WAIT);

        SseClient refused = open(job, query, Map.of());
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertRefused(refused, 503, "SHUTTING_DOWN");
    }

    private static void awaitNoConnection() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int open;
        while ((open = node.api().withToken(adminToken()).metrics().getInt("activeConnections")) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(open + " connection(s) still open " + WAIT + " after their clients left");
            }
            try {
                Thread.sleep(50); // polling the server's state, not timing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void assertRefused(SseClient stream, int status, String code) {
        String body = stream.body();
        assertThat(stream.status()).as(body).isEqualTo(status);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(GatewayApi.json(body).getString("code")).isEqualTo(code);
        assertThat(GatewayApi.json(body).getString("message")).isNotBlank();
    }

    /** A stream the test expects to be served. */
    private SseClient follow(String job, String query, Map<String, String> headers) {
        SseClient stream = open(job, query, headers);
        assertThat(stream.status()).as("stream of " + job).isEqualTo(200);
        return stream;
    }

    private SseClient open(String job, String query, Map<String, String> headers) {
        URI uri = node.base().resolve("/api/jobs/" + job.replace(" ", "%20").replace("!", "%21") + "/stream"
                + (query.isEmpty() ? "" : "?" + query));
        SseClient stream = SseClient.open(uri, headers);
        synchronized (streams) {
            streams.add(stream);
        }
        return stream;
    }

    private static GatewayApi publisher(String job) {
        return node.api().withToken(token(job, 600, "subscribe publish"));
    }

    private static String token(String job, long seconds) {
        return token(job, seconds, "subscribe");
    }

    private static String adminToken() {
        return token("*", 600, "admin");
    }

    /** An HS256 JWT as the contract says: exp, scope, jobs. */
    static String token(String job, long seconds, String scope) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"sse-it\",\"exp\":" + (Instant.now().getEpochSecond() + seconds)
                + ",\"scope\":\"" + scope + "\",\"jobs\":[\"" + job + "\"]}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signed = header + "." + claims;
            return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
