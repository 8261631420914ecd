package dev.herald.distribution;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence across two gateway instances from the server package sharing a real redis-server, with
 * an ephemeral {@code chat} namespace configured by environment variables as an operator would:
 * members and join/leave across instances, the REST read, the refusals, a Redis restart (presence
 * is right again once every instance has written its members back) and an instance killed with
 * {@code kill -9} (its members leave within the TTL, shortened here to {@value #TTL_MS} ms).
 * The kill comes last: it ends instance B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long TTL_MS = 3_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private static RedisServer redis;
    private static LibertyNode a;
    private static LibertyNode b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.startOnFreePort();
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url(),
                "HERALD_NAMESPACES", "chat",
                "HERALD_NAMESPACE_CHAT_HISTORY", "none",
                "HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true",
                "HERALD_NAMESPACE_CHAT_PRESENCE", "true",
                "HERALD_NAMESPACE_CHAT_JOIN_LEAVE", "true",
                "HERALD_PRESENCE_TTL_MS", String.valueOf(TTL_MS)));
        a = new LibertyNode("presence-a", env);
        b = new LibertyNode("presence-b", env);
        CompletableFuture<LibertyNode> startingA = CompletableFuture.supplyAsync(a::start);
        b.start();
        startingA.join();
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable resource : new AutoCloseable[]{a, b, redis}) {
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

    private WsClient join(LibertyNode node, String channel) {
        WsClient client = WsClient.to(node.api().websocketUri()).connect();
        clients.add(client);
        client.subscribe(channel, null, null);
        client.await("caught-up", WAIT);
        return client;
    }

    private static String newChannel(String name) {
        return "chat:" + name + "-" + System.nanoTime();
    }

    /** Sends {@code presence} and returns the members of its answer. */
    private static List<JsonObject> presence(WsClient client, String channel) {
        JsonObject answer = ask(client, channel);
        assertThat(answer.getString("type")).as(answer.toString()).isEqualTo("presence");
        assertThat(answer.getString("jobId")).isEqualTo(channel);
        return answer.getJsonArray("members").getValuesAs(JsonObject.class);
    }

    /** The answer to a presence request: a presence frame or an error with the request's id. */
    private static JsonObject ask(WsClient client, String channel) {
        String id = "p" + IDS.incrementAndGet();
        client.send("{\"type\":\"presence\",\"jobId\":\"" + channel + "\",\"id\":\"" + id + "\"}");
        return client.await("the answer to " + id, m -> id.equals(m.getString("id", null)), WAIT);
    }

    private static JsonObject restPresence(LibertyNode node, String channel) {
        HttpResponse<String> response = node.api().get("/api/jobs/" + channel + "/presence");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayApi.json(response.body());
    }

    private static List<String> clientIds(List<JsonObject> members) {
        return members.stream().map(m -> m.getString("clientId")).toList();
    }

    private static JsonObject awaitMember(WsClient client, String type, String channel) {
        return client.await("a " + type + " of " + channel, m -> type.equals(m.getString("type"))
                && channel.equals(m.getString("jobId")), WAIT);
    }

    private static void eventually(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            ServerRuntime.sleep(100);
        }
    }

    @Test
    @Order(1)
    void membersOfBothInstancesAreListedAndTheOthersHearJoinsAndLeaves() {
        String channel = newChannel("lobby");
        WsClient onA = join(a, channel);
        WsClient onB = join(b, channel);

        JsonObject joined = awaitMember(onA, "join", channel);
        String bId = joined.getString("clientId");
        assertThat(joined.isNull("user")).as("auth is off: no user").isTrue();
        assertThat(joined.getString("joinedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(onB.messages("join")).as("B joined after A: nobody joined after B").isEmpty();

        List<JsonObject> seenFromA = presence(onA, channel);
        List<JsonObject> seenFromB = presence(onB, channel);
        assertThat(clientIds(seenFromA)).hasSize(2).contains(bId).isEqualTo(clientIds(seenFromB));
        JsonObject rest = restPresence(b, channel);
        assertThat(rest.getString("jobId")).isEqualTo(channel);
        assertThat(rest.getInt("count")).isEqualTo(2);
        assertThat(clientIds(rest.getJsonArray("members").getValuesAs(JsonObject.class)))
                .isEqualTo(clientIds(seenFromA));

        // a second tab on B: one more member; then B's first tab goes away
        WsClient secondTab = join(b, channel);
        String tabId = onA.await("a second join", m -> "join".equals(m.getString("type"))
                && !bId.equals(m.getString("clientId")), WAIT).getString("clientId");
        assertThat(awaitMember(onB, "join", channel).getString("clientId")).isEqualTo(tabId);
        onB.unsubscribe(channel, null);
        JsonObject left = awaitMember(onA, "leave", channel);
        assertThat(left.getString("clientId")).isEqualTo(bId);
        assertThat(awaitMember(secondTab, "leave", channel).getString("clientId")).isEqualTo(bId);
        assertThat(restPresence(a, channel).getInt("count")).isEqualTo(2);
        secondTab.close();
        onA.await("the second tab's leave", m -> "leave".equals(m.getString("type"))
                && tabId.equals(m.getString("clientId")), WAIT);
        assertThat(clientIds(presence(onA, channel))).hasSize(1).doesNotContain(bId, tabId);
        assertThat(a.messages()).contains("Presence: Redis at").contains("joined channel " + channel + " (namespace chat)");
    }

    @Test
    @Order(2)
    void refusals() {
        String channel = newChannel("refusals");
        WsClient client = join(a, channel);
        JsonObject notSubscribed = ask(client, newChannel("elsewhere"));
        assertThat(notSubscribed.getString("code")).isEqualTo("FORBIDDEN");

        String plain = "job-" + System.nanoTime();
        client.subscribe(plain, null, null);
        client.await("caught-up of " + plain, m -> "caught-up".equals(m.getString("type"))
                && plain.equals(m.getString("jobId")), WAIT);
        JsonObject noPresence = ask(client, plain);
        assertThat(noPresence.getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(noPresence.getString("jobId")).isEqualTo(plain);

        HttpResponse<String> rest = a.api().get("/api/jobs/" + plain + "/presence");
        assertThat(rest.statusCode()).isEqualTo(400);
        assertThat(GatewayApi.json(rest.body()).getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(restPresence(a, newChannel("empty")).getInt("count")).isZero();
        assertThat(client.isClosed()).as("refusals keep the connection").isFalse();
    }

    @Test
    @Order(3)
    void afterARedisRestartPresenceIsRightAgainAndJoinsCrossInstancesAgain() {
        String channel = newChannel("restart");
        WsClient onA = join(a, channel);
        WsClient onB = join(b, channel);
        awaitMember(onA, "join", channel);

        redis.stop();
        redis.start();
        eventually("both members written back", WAIT, () -> restPresence(a, channel).getInt("count") == 2
                && restPresence(b, channel).getInt("count") == 2);
        assertThat(clientIds(presence(onB, channel))).hasSize(2);

        WsClient late = join(b, channel);
        onA.await("a join after the restart", m -> "join".equals(m.getString("type")) && onA.messages("join").size() == 2,
                WAIT);
        assertThat(late.messages("join")).isEmpty();
        assertThat(restPresence(a, channel).getInt("count")).isEqualTo(3);
    }

    @Test
    @Order(4)
    void anInstanceKilledWithKillNineLosesItsMembersWithinTheTtl() {
        String channel = newChannel("kill");
        WsClient onA = join(a, channel);
        join(b, channel);
        join(b, channel);
        eventually("three members", WAIT, () -> restPresence(a, channel).getInt("count") == 3);

        long killedAt = System.nanoTime();
        b.kill();
        eventually("B's members gone from presence", Duration.ofMillis(TTL_MS * 4),
                () -> restPresence(a, channel).getInt("count") == 1);
        long gone = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        assertThat(gone).as("presence forgot B's members after %d ms", gone).isLessThanOrEqualTo(TTL_MS + 1_000);
        assertThat(clientIds(presence(onA, channel))).hasSize(1);
        onA.await("two leaves", m -> onA.messages("leave").size() == 2, Duration.ofMillis(TTL_MS * 2));
        assertThat(a.messages()).contains("stopped renewing");
    }
}
