package dev.herald.distribution;

import com.mongodb.client.MongoClient;
import dev.herald.adapter.mongo.EmbeddedMongoServer;
import dev.herald.adapter.mongo.MongoEventStore;
import dev.herald.adapter.mongo.MongoEventStoreFactory;
import dev.herald.adapter.mongo.MongoSettings;
import dev.herald.adapter.redis.testing.FreezableTcpProxy;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances from the server package, sharing a real redis-server and one MongoDB
 * (wire protocol; instance A reaches it through a proxy the test can cut). Delivery across
 * instances, and no loss through a broker outage, a lost publication or a database partition.
 */
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long RECONCILE_INTERVAL_MS = 2_000;

    /** chat: an ephemeral relay clients publish to; game: a durable room clients publish to. */
    private static final Map<String, String> NAMESPACES = Map.of("HERALD_NAMESPACES", "chat,game",
            "HERALD_NAMESPACE_CHAT_HISTORY", "none", "HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true",
            "HERALD_NAMESPACE_GAME_CLIENT_PUBLISH", "true");

    private static RedisServer redis;
    private static EmbeddedMongoServer mongo;
    private static FreezableTcpProxy mongoForA;
    private static LibertyNode a;
    private static LibertyNode b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.startOnFreePort();
        mongo = EmbeddedMongoServer.start(Path.of(System.getProperty("herald.nodes.dir", "target/nodes"), "cluster-mongo"));
        mongoForA = FreezableTcpProxy.to(mongo.port());
        Map<String, String> common = Map.of("REDIS_URL", redis.url(),
                "HERALD_RECONCILE_INTERVAL_MS", String.valueOf(RECONCILE_INTERVAL_MS),
                "HERALD_MONGO_CONNECT_TIMEOUT_MS", "1000", "HERALD_MONGO_SERVER_SELECTION_TIMEOUT_MS", "1500",
                "HERALD_MONGO_SOCKET_TIMEOUT_MS", "1500");
        Map<String, String> envA = new java.util.HashMap<>(common);
        // namespaces as an operator sets them: environment variables by the usual mapping
        envA.putAll(NAMESPACES);
        envA.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongoForA.port() + "/herald");
        Map<String, String> envB = new java.util.HashMap<>(common);
        envB.putAll(NAMESPACES);
        envB.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongo.port() + "/herald");
        // B serves /realtime on the Jakarta WebSocket transport, A on the default servlet upgrade:
        // every test here crosses both, and mixed instances are how a transport change rolls out
        envB.put("HERALD_SOCKET_TRANSPORT", "jakarta-websocket");
        a = new LibertyNode("cluster-a", envA);
        b = new LibertyNode("cluster-b", envB);
        CompletableFuture<LibertyNode> startingA = CompletableFuture.supplyAsync(a::start);
        b.start();
        startingA.join();
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable resource : new AutoCloseable[]{a, b, mongoForA, mongo, redis}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // best effort: the next resource still gets closed
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    private WsClient subscribe(LibertyNode node, String job, Long afterSeq) {
        WsClient client = WsClient.to(node.api().websocketUri()).connect();
        clients.add(client);
        client.subscribe(job, afterSeq, null);
        client.await("caught-up", WAIT);
        return client;
    }

    private static String newJob(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void theInstancesRunOneTransportEach() {
        assertThat(a.messages()).contains("transport servlet-upgrade");
        assertThat(b.messages()).contains("transport jakarta-websocket");
    }

    @Test
    void aClientOnOneInstanceReceivesInOrderWhatIsPublishedThroughTheOther() {
        String job = newJob("fanout");
        WsClient onA = subscribe(a, job, null);
        WsClient onB = subscribe(b, job, null);
        for (int i = 1; i <= 60; i++) {
            (i % 2 == 0 ? a : b).api().publish(job, "step", "{\"i\":" + i + "}");
        }
        onA.awaitSeq(job, 60, WAIT);
        onB.awaitSeq(job, 60, WAIT);
        assertThat(onA.eventSeqs(job)).containsExactlyElementsOf(range(1, 60));
        assertThat(onB.eventSeqs(job)).containsExactlyElementsOf(range(1, 60));
        assertThat(a.messages()).contains("Event bus: Redis pub/sub");
    }

    @Test
    void aBatchPublishedThroughOneInstanceArrivesWholeAndInOrderOnTheOther() {
        String job = newJob("batch");
        WsClient onA = subscribe(a, job, null);
        b.api().publish(job, "first", "{}");
        HttpResponse<String> batch = b.api().postKeyed("/api/jobs/" + job + "/events/batch",
                GatewayApi.batchBody(1, 40), null);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        a.api().publish(job, "last", "{}");
        onA.awaitSeq(job, 42, WAIT);
        assertThat(onA.eventSeqs(job)).containsExactlyElementsOf(range(1, 42));
    }

    @Test
    void aPublishRetriedOnTheOtherInstanceWithItsKeyIsStoredOnce() {
        String job = newJob("retried");
        String body = "{\"eventType\":\"step\",\"payload\":{\"n\":1}}";
        HttpResponse<String> first = a.api().postKeyed("/api/jobs/" + job + "/events", body, "attempt-1");
        HttpResponse<String> retried = b.api().postKeyed("/api/jobs/" + job + "/events", body, "attempt-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(GatewayApi.json(retried.body())).isEqualTo(GatewayApi.json(first.body()));
        HttpResponse<String> batchOnB = b.api().postKeyed("/api/jobs/" + job + "/events/batch",
                GatewayApi.batchBody(1, 5), "attempt-2");
        HttpResponse<String> batchOnA = a.api().postKeyed("/api/jobs/" + job + "/events/batch",
                GatewayApi.batchBody(1, 5), "attempt-2");
        assertThat(batchOnB.statusCode()).isEqualTo(201);
        assertThat(batchOnA.statusCode()).isEqualTo(200);
        assertThat(GatewayApi.json(batchOnA.body()).getInt("firstSeq")).isEqualTo(2);
        assertThat(GatewayApi.json(a.api().get("/api/jobs/" + job).body()).getInt("headSeq")).isEqualTo(6);
    }

    @Test
    void aStoredEventWhoseLivePublicationWasLostArrivesWithinTheReconcileInterval() {
        String job = newJob("lost");
        WsClient onA = subscribe(a, job, null);
        // a writer that stores without publishing: exactly what a lost publication leaves behind
        try (MongoClient client = MongoEventStoreFactory.newClient(MongoSettings.of(mongo.connectionUri()))) {
            MongoEventStore store = MongoEventStoreFactory.newStore(client, MongoSettings.of(mongo.connectionUri()));
            store.append(JobId.of(job), EventType.of("job.completed"), "{\"final\":true}", Instant.now());
        }
        long start = System.nanoTime();
        onA.awaitSeq(job, 1, WAIT);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[cluster] lost publication repaired after " + tookMs + " ms (reconcile interval "
                + RECONCILE_INTERVAL_MS + " ms)");
        assertThat(tookMs).isLessThanOrEqualTo(RECONCILE_INTERVAL_MS + 1_500);
        assertThat(onA.messages("event").get(0).getBoolean("replay")).isFalse();
    }

    @Test
    void redisOutageDrillLosesNothing() throws Exception {
        String job = newJob("drill");
        WsClient onA = subscribe(a, job, null);
        WsClient onB = subscribe(b, job, null);
        int total = 150;
        long restartedAt = 0;
        for (int i = 1; i <= total; i++) {
            (i % 2 == 0 ? a : b).api().publish(job, "step", "{\"i\":" + i + "}");
            if (i == 50) {
                redis.kill(); // in the middle of the burst
            }
            if (i == 100) {
                redis.start(); // a few seconds later, same port
                restartedAt = System.nanoTime();
            }
            Thread.sleep(40);
        }
        onA.awaitSeq(job, total, Duration.ofSeconds(60));
        onB.awaitSeq(job, total, Duration.ofSeconds(60));
        long recoveredMs = (System.nanoTime() - restartedAt) / 1_000_000;
        awaitBusConnected(a);
        awaitBusConnected(b);
        long reconnectedMs = (System.nanoTime() - restartedAt) / 1_000_000;
        System.out.println("[cluster] Redis outage drill: " + total + " events to 2 subscribers on 2 instances, "
                + "all delivered " + recoveredMs + " ms after Redis came back; buses reconnected within "
                + reconnectedMs + " ms");
        assertThat(onA.eventSeqs(job)).containsExactlyElementsOf(range(1, total));
        assertThat(onB.eventSeqs(job)).containsExactlyElementsOf(range(1, total));
        JsonObject metrics = a.api().metrics();
        assertThat(metrics.getJsonObject("eventBus").getJsonNumber("reconnects").longValue()).isPositive();
        assertThat(a.api().get("/metrics").body()).contains("herald_bus_publish_failures_total");
    }

    @Test
    void anInstanceCutOffFromTheDatabaseRefusesWhatNeedsItKeepsDeliveringLiveAndRecoversAlone() {
        String job = newJob("partition");
        WsClient onA = subscribe(a, job, null);
        GatewayApi viaA = a.api();
        GatewayApi viaB = b.api();
        viaB.publish(job, "step", "{}");
        onA.awaitSeq(job, 1, WAIT);

        mongoForA.freeze();
        try {
            awaitReadiness(a, 503);
            assertThat(viaA.get("/health/ready").body()).contains("\"event-store\"").contains("DOWN");

            HttpResponse<String> refused = viaA.post("/api/jobs/" + job + "/events",
                    "{\"eventType\":\"step\",\"payload\":{}}", "application/json");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(GatewayApi.json(refused.body()).getString("code")).isEqualTo("STORE_UNAVAILABLE");
            assertThat(GatewayApi.json(viaB.get("/api/jobs/" + job).body()).getInt("headSeq"))
                    .as("nothing was stored by the refused publish").isEqualTo(1);

            WsClient newcomer = WsClient.to(viaA.websocketUri()).connect();
            clients.add(newcomer);
            newcomer.subscribe(newJob("other"), null, "n1");
            JsonObject error = newcomer.awaitError("STORE_UNAVAILABLE", WAIT);
            assertThat(error.getString("id")).isEqualTo("n1");
            assertThat(newcomer.isClosed()).isFalse();

            viaB.publish(job, "step", "{}"); // stored through B, live through Redis to A's client
            onA.awaitSeq(job, 2, WAIT);
        } finally {
            mongoForA.thaw();
        }
        awaitReadiness(a, 200);
        assertThat(viaA.publish(job, "step", "{}").getInt("seq")).isEqualTo(3);
        onA.awaitSeq(job, 3, WAIT);
        assertThat(onA.eventSeqs(job)).containsExactly(1L, 2L, 3L);
        WsClient later = subscribe(a, job, 1L);
        later.awaitSeq(job, 3, WAIT);
        assertThat(later.eventSeqs(job)).containsExactly(2L, 3L);
    }

    private WsClient member(LibertyNode node, String channel) {
        WsClient client = WsClient.to(node.api().websocketUri()).connect();
        clients.add(client);
        client.subscribe(channel, null, null);
        client.await("caught-up", WAIT);
        return client;
    }

    private static List<String> texts(WsClient client, String channel) {
        return client.messages("event").stream().filter(m -> channel.equals(m.getString("jobId")))
                .map(m -> m.getJsonObject("payload").getString("text")).toList();
    }

    @Test
    void anEphemeralRoomRelaysAcrossInstancesInOrderLeavingTheSenderOutAndStoringNothing() {
        String room = "chat:" + newJob("relay");
        WsClient alice = member(a, room);
        WsClient bob = member(b, room);
        WsClient carol = member(a, room);
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            sent.add("m" + i);
            alice.publish(room, "chat.message", "{\"text\":\"m" + i + "\"}", null);
        }
        bob.publish(room, "chat.message", "{\"text\":\"from-b\"}", "b1");

        bob.await("alice's 40 on the other instance", m -> texts(bob, room).size() >= 40, WAIT);
        carol.await("alice's 40 and bob's on the same instance", m -> texts(carol, room).size() >= 41, WAIT);
        alice.await("bob's", m -> texts(alice, room).size() >= 1, WAIT);
        assertThat(texts(bob, room)).containsExactlyElementsOf(sent);
        assertThat(texts(carol, room)).containsAll(sent).contains("from-b");
        assertThat(texts(carol, room).stream().filter(t -> t.startsWith("m")).toList()).containsExactlyElementsOf(sent);
        assertThat(texts(alice, room)).containsExactly("from-b");
        JsonObject fromBob = alice.messages("event").get(0);
        assertThat(fromBob.containsKey("seq")).isFalse();
        String aliceId = bob.messages("event").get(0).getJsonObject("from").getString("clientId");
        assertThat(bob.messages("event")).allMatch(e -> aliceId.equals(e.getJsonObject("from").getString("clientId")));
        assertThat(fromBob.getJsonObject("from").getString("clientId")).isNotEqualTo(aliceId);
        assertThat(bob.await("published", WAIT).containsKey("seq")).isFalse();
        for (LibertyNode node : List.of(a, b)) {
            JsonObject page = GatewayApi.json(node.api().get("/api/jobs/" + room + "/events?afterSeq=0").body());
            assertThat(page.getJsonArray("events")).isEmpty();
            assertThat(node.api().get("/api/jobs/" + room).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aDurableRoomsClientPublishOnOneInstanceIsStoredAndReachesTheOtherWithItsSender() {
        String room = "game:" + newJob("room");
        WsClient host = member(a, room);
        WsClient guest = member(b, room);
        host.publish(room, "player.ready", "{\"text\":\"ready\"}", "p1");
        assertThat(host.await("published", WAIT).getInt("seq")).isEqualTo(1);
        guest.awaitSeq(room, 1, WAIT);
        host.awaitSeq(room, 1, WAIT);
        JsonObject atGuest = guest.messages("event").get(0);
        assertThat(atGuest.getJsonObject("from").getString("clientId"))
                .isEqualTo(host.messages("event").get(0).getJsonObject("from").getString("clientId"));
        WsClient late = member(b, room);
        assertThat(late.eventSeqs(room)).containsExactly(1L);
        assertThat(late.messages("event").get(0).getJsonObject("from").getString("clientId"))
                .isEqualTo(atGuest.getJsonObject("from").getString("clientId"));
    }

    private static void awaitReadiness(LibertyNode node, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (node.api().get("/health/ready").statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness never answered " + status + ": " + node.api().get("/health/ready").body());
            }
            ServerRuntime.sleep(100);
        }
    }

    private static void awaitBusConnected(LibertyNode node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!node.api().metrics().getJsonObject("eventBus").getBoolean("connected")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("event bus of " + node.base() + " never reconnected");
            }
            ServerRuntime.sleep(100);
        }
    }
}
