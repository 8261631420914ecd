package dev.herald.distribution;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on the package, on the default file store ({@link RetentionOnEmbeddedMongoIT} runs the same
 * on the embedded MongoDB): the on-demand delete, firstSeq and truncated on the wire, snapshot counts, the
 * background sweeper, and seqs that are not reused after every event of a job was deleted and the
 * gateway restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_EVENTS = 5;

    private LibertyNode node;

    protected String name() {
        return "retention-file";
    }

    protected Map<String, String> storeEnvironment() {
        return Map.of();
    }

    @BeforeAll
    void startNode() {
        Map<String, String> environment = new HashMap<>(storeEnvironment());
        environment.put("HERALD_RETENTION_MAX_EVENTS_PER_JOB", String.valueOf(MAX_EVENTS));
        environment.put("HERALD_RETENTION_SWEEP_INTERVAL_MS", "1000");
        node = new LibertyNode(name(), environment);
        node.start();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> delete(String job, String query) {
        GatewayApi api = node.api();
        URI uri = api.base().resolve("/api/admin/jobs/" + job + "/events" + query);
        return api.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).DELETE());
    }

    private JsonObject page(String job, long afterSeq) {
        return GatewayApi.json(node.api().get("/api/jobs/" + job + "/events?afterSeq=" + afterSeq + "&limit=100").body());
    }

    @Test
    void anOperatorDeletesOnDemandAndSeqsAreNotReusedAfterARestart() {
        GatewayApi api = node.api();
        String job = "retained-" + System.nanoTime();
        for (int i = 1; i <= 4; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }

        HttpResponse<String> partial = delete(job, "?beforeSeq=3");
        assertThat(partial.statusCode()).as(partial.body()).isEqualTo(200);
        assertThat(GatewayApi.json(partial.body())).isEqualTo(GatewayApi.json(
                "{\"jobId\":\"" + job + "\",\"deleted\":2,\"firstSeq\":3,\"headSeq\":4}"));
        JsonObject page = page(job, 0);
        assertThat(page.getInt("firstSeq")).isEqualTo(3);
        assertThat(page.getJsonArray("events").getJsonObject(0).getInt("seq")).isEqualTo(3);
        assertThat(page.getJsonArray("events")).hasSize(2);
        assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("eventCount")).isEqualTo(2);

        WsClient client = WsClient.to(api.websocketUri()).origin(null).address(null).connect();
        try {
            client.subscribe(job, 1L, "s");
            JsonObject subscribed = client.await("subscribed", WAIT);
            assertThat(subscribed.getInt("firstSeq")).isEqualTo(3);
            assertThat(subscribed.getBoolean("truncated")).isTrue();
            assertThat(subscribed.getInt("headSeq")).isEqualTo(4);
            client.await("caught-up", WAIT);
            assertThat(client.eventSeqs(job)).containsExactly(3L, 4L);
        } finally {
            client.close();
        }

        HttpResponse<String> all = delete(job, "");
        assertThat(GatewayApi.json(all.body())).isEqualTo(GatewayApi.json(
                "{\"jobId\":\"" + job + "\",\"deleted\":2,\"firstSeq\":5,\"headSeq\":4}"));
        assertThat(api.get("/api/jobs/" + job).statusCode()).isEqualTo(404);
        assertThat(node.messages()).contains("Retention: operator deleted 2 event(s) of job " + job);

        node.stop();
        node.start();

        JsonObject afterRestart = page(job, 0);
        assertThat(afterRestart.getInt("firstSeq")).isEqualTo(5);
        assertThat(afterRestart.getJsonArray("events")).isEmpty();
        assertThat(api.publish(job, "job.completed", "{}").getInt("seq")).isEqualTo(5);
        assertThat(page(job, 0).getJsonArray("events").getJsonObject(0).getInt("seq")).isEqualTo(5);
    }

    @Test
    void aBadBeforeSeqIsABadRequest() {
        HttpResponse<String> response = delete("some-job", "?beforeSeq=0");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(GatewayApi.json(response.body()).getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(delete("some-job", "?beforeSeq=x").statusCode()).isEqualTo(400);
    }

    @Test
    void theSweeperKeepsTheLatestEventsOfEachJob() throws InterruptedException {
        GatewayApi api = node.api();
        String job = "swept-" + System.nanoTime();
        for (int i = 1; i <= 12; i++) {
            api.publish(job, "step", "{\"i\":" + i + "}");
        }
        // one sweep or two, as the publishes and the sweeps interleave; the job's line comes once it is done
        String line = "event(s) of job " + job + " (count); first seq now 8, head 12";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((page(job, 0).getInt("firstSeq") != 8 || !node.messages().contains(line)) && System.nanoTime() < deadline) {
            Thread.sleep(100); // the sweeper runs every second
        }
        assertThat(page(job, 0).getInt("firstSeq")).isEqualTo(8);
        JsonObject snapshot = GatewayApi.json(api.get("/api/jobs/" + job).body());
        assertThat(snapshot.getInt("eventCount")).isEqualTo(MAX_EVENTS);
        assertThat(snapshot.getInt("headSeq")).isEqualTo(12);
        assertThat(node.messages()).contains(line);
    }
}
