package dev.herald.distribution;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package in its default mode (no MONGODB_URI, no REDIS_URL): events survive a restart and a
 * hard kill, and a SIGTERM tells connected clients to go before the server stops.
 */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LibertyNode node;

    @BeforeAll
    static void startNode() {
        node = new LibertyNode("restart", Map.of());
        node.start();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void eventsPublishedBeforeARestartAreReplayedAfterItAndSigtermDrainsClients() {
        GatewayApi api = node.api();
        String job = "restart-" + System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        WsClient before = WsClient.to(api.websocketUri()).origin(null).address(null).connect();
        before.subscribe(job, null, null);
        before.awaitSeq(job, 5, WAIT);
        assertThat(node.messages()).contains("Event store: event log in");

        node.stop(); // SIGTERM: the shutdown hook drains before the server quiesces
        assertThat(before.awaitError("SHUTTING_DOWN", WAIT).getString("code")).isEqualTo("SHUTTING_DOWN");
        assertThat(before.awaitClose(WAIT)).hasValue(1001);

        node.start();
        WsClient after = WsClient.to(api.websocketUri()).origin(null).address(null).connect();
        try {
            after.subscribe(job, 3L, null);
            after.await("caught-up", WAIT);
            api.publish(job, "job.completed", "{}");
            after.awaitSeq(job, 6, WAIT);
            assertThat(after.eventSeqs(job)).containsExactly(4L, 5L, 6L);
            assertThat(after.messages("event").get(0).getBoolean("replay")).isTrue();
            assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("headSeq")).isEqualTo(6);
        } finally {
            after.close();
        }
    }

    @Test
    void aKeyIsRememberedAcrossARestartAndABatchSurvivesAKillDashNine() {
        GatewayApi api = node.api();
        String job = "keyed-" + System.nanoTime();
        String single = "{\"eventType\":\"step\",\"payload\":{\"n\":0}}";
        assertThat(api.postKeyed("/api/jobs/" + job + "/events", single, "before-restart").statusCode()).isEqualTo(201);
        HttpResponse<String> batch = api.postKeyed("/api/jobs/" + job + "/events/batch", GatewayApi.batchBody(1, 25),
                "batch-before-kill");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);

        node.kill();
        node.start();

        HttpResponse<String> retried = api.postKeyed("/api/jobs/" + job + "/events", single, "before-restart");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        HttpResponse<String> batchAgain = api.postKeyed("/api/jobs/" + job + "/events/batch",
                GatewayApi.batchBody(1, 25), "batch-before-kill");
        assertThat(batchAgain.statusCode()).isEqualTo(200);
        assertThat(GatewayApi.json(batchAgain.body())).isEqualTo(GatewayApi.json(batch.body()));
        JsonObject page = GatewayApi.json(api.get("/api/jobs/" + job + "/events?afterSeq=0&limit=100").body());
        assertThat(page.getJsonArray("events")).hasSize(26);
        assertThat(page.getJsonArray("events").getJsonObject(25).getJsonObject("payload").getInt("i")).isEqualTo(25);
    }

    /** The file store writes an event before its publish is answered (store-and-bus.md). */
    @Test
    void everyAcknowledgedEventSurvivesAKillDashNine() {
        GatewayApi api = node.api();
        String job = "killed-" + System.nanoTime();
        for (int i = 1; i <= 30; i++) {
            assertThat(api.publish(job, "step", "{\"i\":" + i + "}").getInt("seq")).isEqualTo(i);
        }

        node.kill(); // SIGKILL: what was written survives in the page cache, nothing else is flushed
        node.start();

        WsClient after = WsClient.to(api.websocketUri()).origin(null).address(null).connect();
        try {
            after.subscribe(job, 0L, null);
            after.await("caught-up", WAIT);
            assertThat(after.eventSeqs(job)).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
            assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("headSeq")).isEqualTo(30);
        } finally {
            after.close();
        }
    }
}
