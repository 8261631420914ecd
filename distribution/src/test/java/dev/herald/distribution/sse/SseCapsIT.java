package dev.herald.distribution.sse;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.distribution.LibertyNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of {@code GET /api/jobs/{jobId}/stream} that {@link SseIT}'s gateway cannot show: the
 * total and per-origin connection caps (streams count like sockets) and maintenance mode, on the
 * packaged server in its default mode with auth off (the admin endpoints answer loopback callers).
 */
class SseCapsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int TOTAL = 3;
    private static LibertyNode node;

    @BeforeAll
    static void start() {
        node = new LibertyNode("sse-caps", Map.of(
                "SOCKET_MAX_CONNECTIONS", String.valueOf(TOTAL),
                "SOCKET_MAX_CONNECTIONS_PER_ORIGIN", "1",
                "HERALD_SSE_HEARTBEAT_MS", "300"));
        node.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theTotalAndPerOriginCapsCountStreamsAndRefuseWith429() {
        String job = "sse-caps-" + System.nanoTime();
        List<SseClient> held = new ArrayList<>();
        try {
            held.add(follow(job, Map.of("Origin", "https://a.example")));
            assertRefused(open(job, Map.of("Origin", "https://a.example")), 429, "ORIGIN_LIMIT");
            held.add(follow(job, Map.of("Origin", "https://b.example")));
            held.add(follow(job, Map.of()));
            assertRefused(open(job, Map.of("Origin", "https://c.example")), 429, "CONNECTION_LIMIT");
        } finally {
            held.forEach(SseClient::close);
        }
        awaitNoConnection();
        follow(job, Map.of("Origin", "https://a.example")).close(); // the slots are free again
        awaitNoConnection();
    }

    @Test
    void maintenanceRefusesNewStreamsWith503AndRetryAfterWhileOpenOnesStay() {
        String job = "sse-maintenance-" + System.nanoTime();
        try (SseClient open = follow(job, Map.of())) {
            HttpResponse<String> on = maintenance("{\"enabled\":true,\"message\":\"Store upgrade\"}");
            assertThat(on.statusCode()).as(on.body()).isEqualTo(200);

            SseClient refused = open(job, Map.of());
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertRefused(refused, 503, "MAINTENANCE");
            int comments = open.comments();
            open.awaitComments(comments + 2, WAIT); // the open stream goes on
            assertThat(open.ended()).isFalse();
        } finally {
            assertThat(maintenance("{\"enabled\":false}").statusCode()).isEqualTo(200);
        }
        awaitNoConnection();
        follow(job, Map.of()).close();
        awaitNoConnection();
    }

    private static HttpResponse<String> maintenance(String body) {
        GatewayApi api = node.api();
        return api.send(HttpRequest.newBuilder(api.base().resolve("/api/admin/maintenance")).timeout(WAIT)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static SseClient follow(String job, Map<String, String> headers) {
        SseClient stream = open(job, headers);
        assertThat(stream.status()).as("stream of " + job).isEqualTo(200);
        stream.await("caught-up", WAIT);
        return stream;
    }

    private static SseClient open(String job, Map<String, String> headers) {
        return SseClient.open(node.base().resolve("/api/jobs/" + job + "/stream"), headers);
    }

    private static void assertRefused(SseClient stream, int status, String code) {
        String body = stream.body();
        assertThat(stream.status()).as(body).isEqualTo(status);
        assertThat(GatewayApi.json(body).getString("code")).isEqualTo(code);
        assertThat(node.api().rejections(code)).as("%s counted in metrics", code).isPositive();
    }

    private static void awaitNoConnection() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.api().metrics().getInt("activeConnections") > 0) {
            assertThat(System.nanoTime()).as("connections closed within " + WAIT).isLessThan(deadline);
            try {
                Thread.sleep(50); // polling the server's state, not timing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
