package dev.herald.distribution;

import dev.herald.adapter.jwt.JwtTokenIssuer;
import dev.herald.bootstrap.testing.GatewayApi;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator controls on single instances from the server package: {@code open} runs with auth
 * off and loopback as a trusted proxy (so a request with {@code X-Forwarded-For} plays a caller from
 * elsewhere), {@code secured} with auth on. The drain comes last: it ends {@code open}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "operator-it-secret-" + "0123456789abcdef0123456789abcdef";
    private static final String OUTSIDE = "203.0.113.7";

    private static LibertyNode open;
    private static LibertyNode secured;

    @BeforeAll
    static void startNodes() {
        open = new LibertyNode("operator-open", Map.of("HERALD_SOCKET_TRUSTED_PROXIES", "127.0.0.1"));
        secured = new LibertyNode("operator-secured", Map.of("REALTIME_SHARED_SECRET", SECRET,
                "HERALD_SOCKET_TRUSTED_PROXIES", "127.0.0.1"));
        CompletableFuture<LibertyNode> startingOpen = CompletableFuture.supplyAsync(open::start);
        secured.start();
        startingOpen.join();
    }

    @AfterAll
    static void stopNodes() {
        for (LibertyNode node : new LibertyNode[]{open, secured}) {
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

        assertThat(open.api().rejections("FORBIDDEN")).isEqualTo(refusedBefore + 3);
        assertThat(open.api().get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(open.messages()).contains("Admin request refused: FORBIDDEN POST /api/realtime/drain from " + OUTSIDE)
                .contains("Admin endpoints (/api/admin/..., the drain) answer loopback callers only");
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
