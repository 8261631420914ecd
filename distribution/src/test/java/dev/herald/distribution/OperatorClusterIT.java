package dev.herald.distribution;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static dev.herald.distribution.OperatorIT.assertCode;
import static dev.herald.distribution.OperatorIT.assertRefusedForMaintenance;
import static dev.herald.distribution.OperatorIT.put;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator controls across two instances from the server package sharing a real redis-server:
 * maintenance switched on one applies on the other, also to an instance that restarts meanwhile
 * (it reads the state Redis keeps), and is switched off from any of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RedisServer redis;
    private static LibertyNode a;
    private static LibertyNode b;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.startOnFreePort();
        Map<String, String> env = Map.of("REDIS_URL", redis.url());
        a = new LibertyNode("operator-cluster-a", env);
        b = new LibertyNode("operator-cluster-b", env);
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
        HttpResponse<String> state = node.api().get("/api/admin/maintenance");
        return state.statusCode() == 200 && GatewayApi.json(state.body()).getBoolean("enabled");
    }

    @Test
    @Order(1)
    void maintenanceSwitchedOnOneInstanceAppliesOnTheOtherAndSurvivesItsRestart() {
        String job = "cluster-maint-" + System.nanoTime();
        WsClient onB = WsClient.to(b.api().websocketUri()).connect();
        try {
            onB.subscribe(job, 0L, null);
            onB.await("caught-up", WAIT);

            HttpResponse<String> switched = put(a.api(), "/api/admin/maintenance",
                    "{\"enabled\":true,\"message\":\"Cluster upgrade\"}");
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            JsonObject onA = GatewayApi.json(switched.body());
            eventually("maintenance on at b", () -> maintenanceOn(b));
            assertThat(GatewayApi.json(b.api().get("/api/admin/maintenance").body())).isEqualTo(onA);

            assertRefusedForMaintenance(WsClient.to(b.api().websocketUri()), "Maintenance: Cluster upgrade");
            assertCode(b.api().post("/api/jobs/" + job + "/events", "{\"eventType\":\"s\",\"payload\":{}}",
                    "application/json"), 503, "MAINTENANCE");
            assertThat(onB.isClosed()).as("a connected client stays").isFalse();
            assertThat(b.messages()).contains("Maintenance mode ON since").contains("(from the cluster)");

            // b restarts while the cluster is in maintenance: it learns the state from Redis at start
            onB.close();
            b.stop();
            b.start();
            assertThat(maintenanceOn(b)).isTrue();
            assertThat(GatewayApi.json(b.api().get("/api/admin/maintenance").body())).isEqualTo(onA);
            assertRefusedForMaintenance(WsClient.to(b.api().websocketUri()), "Maintenance: Cluster upgrade");
            assertThat(b.messages()).contains("the cluster's stored state");

            // switched off from the other instance
            HttpResponse<String> off = put(b.api(), "/api/admin/maintenance", "{\"enabled\":false}");
            assertThat(GatewayApi.json(off.body()).getBoolean("enabled")).isFalse();
            eventually("maintenance off at a", () -> !maintenanceOn(a));
            assertThat(a.api().publish(job, "after", "{}").getInt("seq")).isPositive();
        } finally {
            onB.close();
        }
    }
}
