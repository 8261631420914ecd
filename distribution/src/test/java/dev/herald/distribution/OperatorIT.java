package dev.herald.distribution;

import dev.herald.adapter.jwt.JwtTokenIssuer;
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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operator controls on single instances from the server package: {@code open} runs with auth
 * off and loopback as a trusted proxy (so a request with {@code X-Forwarded-For} plays a caller from
 * elsewhere) and a {@code game} namespace where clients publish; {@code secured} with auth on, and
 * starts in maintenance mode ({@code MAINTENANCE_MODE=true}); {@code opened} with auth off and
 * {@code HERALD_ADMIN_OPEN=true}. The drain comes last: it ends {@code open}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "operator-it-secret-" + "0123456789abcdef0123456789abcdef";
    private static final String OUTSIDE = "203.0.113.7";

    private static LibertyNode open;
    private static LibertyNode secured;
    private static LibertyNode opened;

    @BeforeAll
    static void startNodes() {
        open = new LibertyNode("operator-open", Map.of("HERALD_SOCKET_TRUSTED_PROXIES", "127.0.0.1",
                "HERALD_NAMESPACES", "game", "HERALD_NAMESPACE_GAME_CLIENT_PUBLISH", "true"));
        secured = new LibertyNode("operator-secured", Map.of("REALTIME_SHARED_SECRET", SECRET,
                "HERALD_SOCKET_TRUSTED_PROXIES", "127.0.0.1", "MAINTENANCE_MODE", "true"));
        opened = new LibertyNode("operator-admin-open", Map.of("HERALD_SOCKET_TRUSTED_PROXIES", "127.0.0.1",
                "HERALD_ADMIN_OPEN", "true"));
        CompletableFuture<LibertyNode> startingOpen = CompletableFuture.supplyAsync(open::start);
        CompletableFuture<LibertyNode> startingOpened = CompletableFuture.supplyAsync(opened::start);
        secured.start();
        startingOpen.join();
        startingOpened.join();
    }

    @AfterAll
    static void stopNodes() {
        for (LibertyNode node : new LibertyNode[]{open, secured, opened}) {
            if (node != null) {
                node.close();
            }
        }
    }

    static String token(Scope scope, String sub) {
        return new JwtTokenIssuer(SECRET).issue(List.of(scope), List.of("*"), Duration.ofMinutes(10),
                Optional.ofNullable(sub), Instant.now());
    }

    /** A request as it reaches the gateway through a proxy on loopback, for a caller at {@code from}. */
    static HttpResponse<String> forwarded(LibertyNode node, String method, String path, String from) {
        return node.api().send(HttpRequest.newBuilder(node.base().resolve(path)).timeout(WAIT)
                .header("X-Forwarded-For", from).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(GatewayApi.json(response.body()).getString("code")).isEqualTo(code);
    }

    @Test
    @Order(1)
    void withAuthOffACallerFromElsewhereIsRefusedTheDrainThroughTheTrustedProxy() {
        long refusedBefore = open.api().rejections("FORBIDDEN");

        assertCode(forwarded(open, "POST", "/api/realtime/drain", OUTSIDE), 403, "FORBIDDEN");
        // a loopback address claimed left of an outside hop is the client's word, not the proxy's
        assertCode(forwarded(open, "POST", "/api/realtime/drain", "127.0.0.1, " + OUTSIDE), 403, "FORBIDDEN");
        // a matrix parameter or a doubled slash is still the drain
        assertCode(forwarded(open, "POST", "/api/realtime/drain;x=1", OUTSIDE), 403, "FORBIDDEN");
        // every /api/admin endpoint has the guard, also retention's, which has no code of its own for it
        assertCode(forwarded(open, "DELETE", "/api/admin/jobs/guarded-job/events", OUTSIDE), 403, "FORBIDDEN");

        assertThat(open.api().rejections("FORBIDDEN")).isEqualTo(refusedBefore + 4);
        assertThat(open.api().get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(open.messages()).contains("Admin request refused: FORBIDDEN POST /api/realtime/drain from " + OUTSIDE)
                .contains("Admin endpoints (/api/admin/..., the drain) answer loopback callers only");
    }

    @Test
    @Order(1)
    void openedOnPurposeWithAuthOffACallerFromElsewhereMayActAndTheStartWarns() {
        HttpResponse<String> read = forwarded(opened, "GET", "/api/admin/maintenance", OUTSIDE);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(opened.messages()).contains("Admin endpoints are OPEN: herald.admin.open=true with auth off");
    }

    @Test
    @Order(2)
    void withAuthOnTheDrainNeedsAnAdminTokenWhereverTheCallerIs() {
        GatewayApi anonymous = secured.api();
        assertCode(anonymous.post("/api/realtime/drain", "", null), 401, "UNAUTHORIZED");
        assertCode(secured.api().withToken(token(Scope.PUBLISH, "worker")).post("/api/realtime/drain", "", null),
                403, "FORBIDDEN");
        assertThat(secured.api().get("/health/ready").statusCode()).isEqualTo(200);
    }

    static HttpResponse<String> put(GatewayApi api, String path, String body) {
        return api.send(HttpRequest.newBuilder(api.base().resolve(path)).timeout(WAIT)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A gauge's value in the Prometheus text of {@code /metrics}. */
    static double gauge(LibertyNode node, String name) {
        String text = node.api().get("/metrics").body();
        Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        assertThat(line.find()).as("%s in /metrics", name).isTrue();
        return Double.parseDouble(line.group(2));
    }

    static JsonObject gatewayReadiness(LibertyNode node) {
        HttpResponse<String> ready = node.api().get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        return GatewayApi.json(ready.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("gateway")).findFirst().orElseThrow().getJsonObject("data");
    }

    /** Connects and expects the maintenance refusal: error MAINTENANCE, then close 1013. */
    static void assertRefusedForMaintenance(WsClient.Builder client, String message) {
        WsClient refused = client.connect();
        try {
            assertThat(refused.awaitError("MAINTENANCE", WAIT).getString("message")).isEqualTo(message);
            assertThat(refused.awaitClose(WAIT)).hasValue(1013);
        } finally {
            refused.close();
        }
    }

    @Test
    @Order(3)
    void maintenanceRefusesNewcomersAndPublishesKeepsConnectedClientsAndIsSwitchedOffAgain() {
        GatewayApi api = open.api();
        String job = "maint-" + System.nanoTime();
        String later = "maint-later-" + System.nanoTime();
        api.publish(job, "step", "{\"i\":1}");
        api.publish(later, "step", "{\"i\":1}");
        WsClient stays = WsClient.to(api.websocketUri()).connect();
        try {
            stays.subscribe(job, 0L, null);
            stays.awaitSeq(job, 1, WAIT);
            JsonObject off = GatewayApi.json(api.get("/api/admin/maintenance").body());
            assertThat(off.getBoolean("enabled")).isFalse();
            assertThat(off.isNull("message")).isTrue();

            // the guard stands before it too
            assertCode(forwarded(open, "GET", "/api/admin/maintenance", OUTSIDE), 403, "FORBIDDEN");
            assertCode(put(api, "/api/admin/maintenance", "{\"enabled\":\"yes\"}"), 400, "BAD_REQUEST");

            HttpResponse<String> switched = put(api, "/api/admin/maintenance",
                    "{\"enabled\":true,\"message\":\"Store upgrade until 04:00\"}");
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            JsonObject on = GatewayApi.json(switched.body());
            assertThat(on.getBoolean("enabled")).isTrue();
            assertThat(Instant.parse(on.getString("since"))).isCloseTo(Instant.now(), within(30, ChronoUnit.SECONDS));
            assertThat(on.getString("message")).isEqualTo("Store upgrade until 04:00");
            assertThat(GatewayApi.json(api.get("/api/admin/maintenance").body())).isEqualTo(on);

            assertRefusedForMaintenance(WsClient.to(api.websocketUri()), "Maintenance: Store upgrade until 04:00");
            HttpResponse<String> publish = api.post("/api/jobs/" + job + "/events",
                    "{\"eventType\":\"step\",\"payload\":{}}", "application/json");
            assertCode(publish, 503, "MAINTENANCE");
            assertThat(publish.headers().firstValue("Retry-After")).hasValue("30");
            assertCode(api.post("/api/jobs/" + job + "/events/batch", GatewayApi.batchBody(1, 2), "application/json"),
                    503, "MAINTENANCE");
            stays.publish("game:" + job, "move", "{}", "p1");
            JsonObject refusedPublish = stays.awaitError("MAINTENANCE", WAIT);
            assertThat(refusedPublish.getString("id")).isEqualTo("p1");

            // the connected client stays, may subscribe (catch-up from the store) and keeps receiving
            stays.subscribe(later, 0L, "s2");
            stays.awaitSeq(later, 1, WAIT);
            assertThat(stays.isClosed()).isFalse();
            assertThat(gatewayReadiness(open).getBoolean("maintenance")).isTrue();
            assertThat(api.metrics().getBoolean("maintenance")).isTrue();
            assertThat(gauge(open, "herald_maintenance")).isEqualTo(1.0);
            assertThat(api.rejections("MAINTENANCE")).isGreaterThanOrEqualTo(4);
            assertThat(open.messages()).contains("Maintenance mode ON since")
                    .contains("Publish refused for job " + job + ": maintenance mode is on");

            HttpResponse<String> back = put(api, "/api/admin/maintenance", "{\"enabled\":false}");
            assertThat(GatewayApi.json(back.body()).getBoolean("enabled")).isFalse();
            api.publish(job, "step", "{\"i\":2}");
            stays.awaitSeq(job, 2, WAIT);
            WsClient newcomer = WsClient.to(api.websocketUri()).connect();
            newcomer.ping("hello");
            newcomer.await("pong", WAIT);
            newcomer.close();
            assertThat(gauge(open, "herald_maintenance")).isEqualTo(0.0);
            assertThat(open.messages()).contains("Maintenance mode OFF");
        } finally {
            stays.close();
        }
    }

    @Test
    @Order(4)
    void anInstanceStartedWithMaintenanceModeRefusesUntilAnAdminSwitchesItOff() {
        GatewayApi admin = secured.api().withToken(token(Scope.ADMIN, "ops"));
        JsonObject state = GatewayApi.json(admin.get("/api/admin/maintenance").body());
        assertThat(state.getBoolean("enabled")).isTrue();
        assertThat(gatewayReadiness(secured).getBoolean("maintenance")).isTrue();
        assertCode(secured.api().withToken(token(Scope.PUBLISH, "worker")).get("/api/admin/maintenance"), 403, "FORBIDDEN");
        assertCode(secured.api().get("/api/admin/maintenance"), 401, "UNAUTHORIZED");
        String subscriber = token(Scope.SUBSCRIBE, "alice");
        assertRefusedForMaintenance(WsClient.to(secured.api().websocketUri()).origin(null).token(subscriber),
                "The gateway is in maintenance; try again later");
        assertThat(secured.messages()).contains("configured at start (herald.maintenance / MAINTENANCE_MODE)");

        assertThat(GatewayApi.json(put(admin, "/api/admin/maintenance", "{\"enabled\":false}").body())
                .getBoolean("enabled")).isFalse();
        WsClient welcome = WsClient.to(secured.api().websocketUri()).origin(null).token(subscriber).connect();
        try {
            welcome.ping("p");
            welcome.await("pong", WAIT);
        } finally {
            welcome.close();
        }
    }

    /** The connections {@code GET /api/admin/clients} lists. */
    static List<JsonObject> clients(GatewayApi admin, String query) {
        HttpResponse<String> listed = admin.get("/api/admin/clients" + query);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return GatewayApi.json(listed.body()).getJsonArray("clients").getValuesAs(JsonObject.class);
    }

    static HttpResponse<String> delete(GatewayApi api, String path) {
        return api.send(HttpRequest.newBuilder(api.base().resolve(path)).timeout(WAIT).DELETE());
    }

    static String clientIdOf(GatewayApi admin, String user) {
        List<JsonObject> mine = clients(admin, "?user=" + user);
        assertThat(mine).as("connections of %s", user).hasSize(1);
        return mine.get(0).getString("clientId");
    }

    @Test
    @Order(5)
    void withAuthOffTheListShowsConnectionsAndAnOperatorClosesOne() {
        GatewayApi api = open.api();
        String job = "listed-" + System.nanoTime();
        WsClient one = WsClient.to(api.websocketUri()).origin("https://one.example").address("198.51.100.4").connect();
        WsClient two = WsClient.to(api.websocketUri()).connect();
        try {
            one.subscribe(job, null, null);
            one.await("caught-up", WAIT);
            two.ping("p");
            two.await("pong", WAIT);
            List<JsonObject> following = clients(api, "?jobId=" + job);
            assertThat(following).hasSize(1);
            JsonObject listed = following.get(0);
            assertThat(listed.isNull("user")).isTrue();
            assertThat(listed.getString("address")).isEqualTo("198.51.100.4");
            assertThat(listed.getString("origin")).isEqualTo("https://one.example");
            assertThat(Instant.parse(listed.getString("connectedAt"))).isCloseTo(Instant.now(), within(60, ChronoUnit.SECONDS));
            assertThat(listed.getJsonArray("subscriptions").getString(0)).isEqualTo(job);
            assertThat(listed.getString("instance")).isNotBlank();
            assertThat(clients(api, "").size()).isGreaterThanOrEqualTo(2);
            assertCode(api.get("/api/admin/clients?jobId=bad%20id"), 400, "BAD_REQUEST");
            assertCode(forwarded(open, "DELETE", "/api/admin/clients/" + listed.getString("clientId"), OUTSIDE),
                    403, "FORBIDDEN");

            HttpResponse<String> closed = delete(api, "/api/admin/clients/" + listed.getString("clientId"));
            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
            assertThat(one.awaitError("DISCONNECTED", WAIT).getString("message")).isEqualTo("An operator closed this connection");
            assertThat(one.awaitClose(WAIT)).hasValue(4410);
            assertThat(two.isClosed()).isFalse();
            assertCode(delete(api, "/api/admin/clients/" + listed.getString("clientId")), 404, "NOT_FOUND");
            assertThat(api.rejections("DISCONNECTED")).isGreaterThanOrEqualTo(1);
            assertThat(open.messages()).contains("Operator: client " + listed.getString("clientId"))
                    .contains("closed with DISCONNECTED");
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    @Order(6)
    void aRevokedUserIsClosedItsOlderTokensAreRefusedAlsoAfterARestartAndANewerTokenWorks() {
        GatewayApi admin = secured.api().withToken(token(Scope.ADMIN, "ops"));
        Instant before = Instant.now().minusSeconds(2);
        String aliceOld = new JwtTokenIssuer(SECRET).issue(List.of(Scope.SUBSCRIBE), List.of("*"),
                Duration.ofMinutes(30), Optional.of("alice"), before);
        String job = "revoked-" + System.nanoTime();
        WsClient alice = WsClient.to(secured.api().websocketUri()).origin(null).token(aliceOld).connect();
        WsClient bob = WsClient.to(secured.api().websocketUri()).origin(null).token(token(Scope.SUBSCRIBE, "bob")).connect();
        try {
            alice.subscribe(job, null, null);
            alice.await("caught-up", WAIT);
            bob.ping("p");
            bob.await("pong", WAIT);
            assertThat(clients(admin, "?user=alice").get(0).getString("user")).isEqualTo("alice");
            assertThat(clients(admin, "?jobId=" + job)).extracting(c -> c.getString("user")).containsExactly("alice");

            HttpResponse<String> revoked = delete(admin, "/api/admin/users/alice");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            JsonObject body = GatewayApi.json(revoked.body());
            assertThat(body.getString("user")).isEqualTo("alice");
            Instant revokedAt = Instant.parse(body.getString("revokedAt"));
            assertThat(body.getJsonArray("closed")).hasSize(1);
            assertThat(alice.awaitError("REVOKED", WAIT).getString("code")).isEqualTo("REVOKED");
            assertThat(alice.awaitClose(WAIT)).hasValue(4401);
            assertThat(bob.isClosed()).isFalse();

            assertRevoked(aliceOld);
            String aliceNew = new JwtTokenIssuer(SECRET).issue(List.of(Scope.SUBSCRIBE), List.of("*"),
                    Duration.ofMinutes(30), Optional.of("alice"), revokedAt.plusSeconds(1));
            assertThat(secured.api().withToken(aliceNew).get("/api/jobs/" + job).statusCode()).isEqualTo(404);
            assertThat(secured.messages()).contains("Operator: user alice revoked at");

            // a restart reads the revocation back from the store (it starts in maintenance again: switch it off)
            secured.stop();
            secured.start();
            assertThat(put(admin, "/api/admin/maintenance", "{\"enabled\":false}").statusCode()).isEqualTo(200);
            assertRevoked(aliceOld);
            WsClient welcome = WsClient.to(secured.api().websocketUri()).origin(null).token(aliceNew).connect();
            try {
                welcome.ping("p");
                welcome.await("pong", WAIT);
            } finally {
                welcome.close();
            }
        } finally {
            alice.close();
            bob.close();
        }
    }

    private static void assertRevoked(String token) {
        assertCode(secured.api().withToken(token).get("/api/jobs/any-job"), 401, "REVOKED");
        WsClient again = WsClient.to(secured.api().websocketUri()).origin(null).token(token).connect();
        try {
            assertThat(again.awaitError("REVOKED", WAIT).getString("code")).isEqualTo("REVOKED");
            assertThat(again.awaitClose(WAIT)).hasValue(4401);
        } finally {
            again.close();
        }
    }

    @Test
    @Order(100)
    void aLoopbackCallerMayDrainWithAuthOff() {
        HttpResponse<String> drained = open.api().post("/api/realtime/drain", "", null);
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(202);
        JsonObject body = GatewayApi.json(drained.body());
        assertThat(body.getBoolean("draining")).isTrue();
        assertThat(open.api().get("/health/ready").statusCode()).isEqualTo(503);
    }
}
