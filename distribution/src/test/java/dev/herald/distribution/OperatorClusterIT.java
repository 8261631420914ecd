package dev.herald.distribution;

import dev.herald.adapter.jwt.JwtTokenIssuer;
import dev.herald.adapter.mongo.EmbeddedMongoServer;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.auth.Scope;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static dev.herald.distribution.OperatorIT.assertCode;
import static dev.herald.distribution.OperatorIT.assertRefusedForMaintenance;
import static dev.herald.distribution.OperatorIT.put;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator controls across two instances from the server package sharing a real redis-server
 * and a MongoDB (the embedded one, through the real driver), auth on: maintenance switched on one
 * applies on the other, also to an instance that restarts meanwhile (it reads the state Redis
 * keeps), and is switched off from any of them; the connection list gathers both instances; a
 * revocation asked on one closes the user's connections on both, and an instance restarted
 * afterwards still refuses the user's older tokens (it reads the revocation from MongoDB).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String SECRET = "operator-cluster-it-" + "0123456789abcdef0123456789abcdef";
    private static RedisServer redis;
    private static Path mongoDir;
    private static EmbeddedMongoServer mongo;
    private static LibertyNode a;
    private static LibertyNode b;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.startOnFreePort();
        try {
            mongoDir = Files.createTempDirectory("operator-cluster-mongo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mongo = EmbeddedMongoServer.start(mongoDir);
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "REALTIME_SHARED_SECRET", SECRET,
                "MONGODB_URI", "mongodb://127.0.0.1:" + mongo.port() + "/herald");
        a = new LibertyNode("operator-cluster-a", env);
        b = new LibertyNode("operator-cluster-b", env);
        CompletableFuture<LibertyNode> startingA = CompletableFuture.supplyAsync(a::start);
        b.start();
        startingA.join();
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable resource : new AutoCloseable[]{a, b, redis, mongo}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // best effort: the next resource still gets closed
            }
        }
        if (mongoDir != null) {
            ServerRuntime.deleteTree(mongoDir);
        }
    }

    private static String token(Scope scope, String sub, Instant issuedAt) {
        return new JwtTokenIssuer(SECRET).issue(List.of(scope), List.of("*"), Duration.ofMinutes(30),
                Optional.of(sub), issuedAt);
    }

    private static GatewayApi admin(LibertyNode node) {
        return node.api().withToken(token(Scope.ADMIN, "ops", Instant.now()));
    }

    private static WsClient.Builder client(LibertyNode node, String token) {
        return WsClient.to(node.api().websocketUri()).origin(null).token(token);
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            ServerRuntime.sleep(50);
        }
    }

    private static boolean maintenanceOn(LibertyNode node) {
        HttpResponse<String> state = admin(node).get("/api/admin/maintenance");
        return state.statusCode() == 200 && GatewayApi.json(state.body()).getBoolean("enabled");
    }

    @Test
    @Order(1)
    void maintenanceSwitchedOnOneInstanceAppliesOnTheOtherAndSurvivesItsRestart() {
        String job = "cluster-maint-" + System.nanoTime();
        String subscriber = token(Scope.SUBSCRIBE, "viewer", Instant.now());
        WsClient onB = client(b, subscriber).connect();
        try {
            onB.subscribe(job, 0L, null);
            onB.await("caught-up", WAIT);

            HttpResponse<String> switched = put(admin(a), "/api/admin/maintenance",
                    "{\"enabled\":true,\"message\":\"Cluster upgrade\"}");
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            JsonObject onA = GatewayApi.json(switched.body());
            eventually("maintenance on at b", () -> maintenanceOn(b));
            assertThat(GatewayApi.json(admin(b).get("/api/admin/maintenance").body())).isEqualTo(onA);

            assertRefusedForMaintenance(client(b, subscriber), "Maintenance: Cluster upgrade");
            assertCode(b.api().withToken(token(Scope.PUBLISH, "worker", Instant.now())).post("/api/jobs/" + job + "/events", "{\"eventType\":\"s\",\"payload\":{}}",
                    "application/json"), 503, "MAINTENANCE");
            assertThat(onB.isClosed()).as("a connected client stays").isFalse();
            assertThat(b.messages()).contains("Maintenance mode ON since").contains("(from the cluster)");

            // b restarts while the cluster is in maintenance: it learns the state from Redis at start
            onB.close();
            b.stop();
            b.start();
            assertThat(maintenanceOn(b)).isTrue();
            assertThat(GatewayApi.json(admin(b).get("/api/admin/maintenance").body())).isEqualTo(onA);
            assertRefusedForMaintenance(client(b, subscriber), "Maintenance: Cluster upgrade");
            assertThat(b.messages()).contains("the cluster's stored state");

            // switched off from the other instance
            HttpResponse<String> off = put(admin(b), "/api/admin/maintenance", "{\"enabled\":false}");
            assertThat(GatewayApi.json(off.body()).getBoolean("enabled")).isFalse();
            eventually("maintenance off at a", () -> !maintenanceOn(a));
            assertThat(a.api().withToken(token(Scope.PUBLISH, "worker", Instant.now())).publish(job, "after", "{}")
                    .getInt("seq")).isPositive();
        } finally {
            onB.close();
        }
    }

    @Test
    @Order(2)
    void theListGathersBothInstancesAndARevocationClosesTheUserEverywhereAndOutlivesARestart() {
        Instant issued = Instant.now().minusSeconds(2);
        String daveOld = token(Scope.SUBSCRIBE, "dave", issued);
        String job = "cluster-revoke-" + System.nanoTime();
        WsClient daveOnA = client(a, daveOld).connect();
        WsClient daveOnB = client(b, daveOld).connect();
        WsClient erinOnB = client(b, token(Scope.SUBSCRIBE, "erin", issued)).connect();
        try {
            for (WsClient client : List.of(daveOnA, daveOnB, erinOnB)) {
                client.subscribe(job, null, null);
                client.await("caught-up", WAIT);
            }
            HttpResponse<String> listed = admin(a).get("/api/admin/clients?jobId=" + job);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            JsonObject list = GatewayApi.json(listed.body());
            List<JsonObject> clients = list.getJsonArray("clients").getValuesAs(JsonObject.class);
            assertThat(clients).extracting(c -> c.getString("user")).containsExactlyInAnyOrder("dave", "dave", "erin");
            assertThat(clients.stream().map(c -> c.getString("instance")).distinct()).hasSize(2);
            assertThat(list.getJsonArray("instances")).hasSize(2);

            // one of erin's connections closed from the other instance
            String erinId = clients.stream().filter(c -> c.getString("user").equals("erin")).findFirst().orElseThrow()
                    .getString("clientId");
            assertThat(OperatorIT.delete(admin(a), "/api/admin/clients/" + erinId).statusCode()).isEqualTo(200);
            assertThat(erinOnB.awaitError("DISCONNECTED", WAIT).getString("code")).isEqualTo("DISCONNECTED");
            assertThat(erinOnB.awaitClose(WAIT)).hasValue(4410);

            HttpResponse<String> revoked = OperatorIT.delete(admin(b), "/api/admin/users/dave");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(GatewayApi.json(revoked.body()).getJsonArray("closed")).hasSize(2);
            for (WsClient dave : List.of(daveOnA, daveOnB)) {
                assertThat(dave.awaitError("REVOKED", WAIT).getString("code")).isEqualTo("REVOKED");
                assertThat(dave.awaitClose(WAIT)).hasValue(4401);
            }
            assertCode(a.api().withToken(daveOld).get("/api/jobs/" + job), 401, "REVOKED");

            a.stop();
            a.start();
            assertCode(a.api().withToken(daveOld).get("/api/jobs/" + job), 401, "REVOKED");
            Instant revokedAt = Instant.parse(GatewayApi.json(revoked.body()).getString("revokedAt"));
            assertThat(a.api().withToken(token(Scope.SUBSCRIBE, "dave", revokedAt.plusSeconds(1)))
                    .get("/api/jobs/" + job).statusCode()).isEqualTo(404);
        } finally {
            daveOnA.close();
            daveOnB.close();
            erinOnB.close();
        }
    }
}
