package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every guardrail of the contract, reached by a real client: the error code, then the close code
 * where the contract gives one, or a connection that stays usable where it does not; and the
 * metrics endpoint counting each.
 */
class GuardrailsIT extends GatewayIT {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private void assertRejectedWith(WsClient client, String code, String message, int closeCode) {
        JsonObject error = client.awaitError(code, WAIT);
        if (message != null) {
            assertThat(error.getString("message")).isEqualTo(message);
        }
        assertThat(client.awaitClose(CLOSE_WAIT)).hasValue(closeCode);
        assertThat(client.messages()).as("the error is the only frame before the close").containsExactly(error);
    }

    private void assertStillServes(WsClient client) {
        String id = "alive-" + System.nanoTime();
        client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        client.await("pong " + id, m -> id.equals(m.getString("id", null)), WAIT);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void theGatewayWideCapRejectsTheNextConnectionWithConnectionLimit() {
        long before = api.rejections("CONNECTION_LIMIT");
        List<WsClient> admitted = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            admitted.add(connect());
        }
        for (WsClient client : admitted) {
            assertStillServes(client);
        }
        WsClient extra = connect();
        assertRejectedWith(extra, "CONNECTION_LIMIT", "Too many realtime connections", 4429);
        JsonObject metrics = api.metrics();
        assertThat(metrics.getInt("activeConnections")).isEqualTo(MAX_CONNECTIONS);
        assertThat(api.rejections("CONNECTION_LIMIT")).isEqualTo(before + 1);

        admitted.get(0).close();
        awaitActiveConnections(MAX_CONNECTIONS - 1);
        assertStillServes(connect()); // the freed slot is usable again
    }

    @Test
    void thePerOriginCapRejectsWithOriginLimit() {
        long before = api.rejections("ORIGIN_LIMIT");
        for (int i = 0; i < MAX_PER_ORIGIN; i++) {
            assertStillServes(connect(client().origin("https://crowded.example")));
        }
        assertStillServes(connect(client().origin("https://quiet.example")));
        WsClient extra = connect(client().origin("https://crowded.example"));
        assertRejectedWith(extra, "ORIGIN_LIMIT", "Too many connections from this origin", 4429);
        assertThat(api.metrics().getJsonObject("connectionsByOrigin").getInt("https://crowded.example"))
                .isEqualTo(MAX_PER_ORIGIN);
        assertThat(api.rejections("ORIGIN_LIMIT")).isEqualTo(before + 1);
    }

    @Test
    void thePerAddressCapRejectsWithIpLimit() {
        long before = api.rejections("IP_LIMIT");
        for (int i = 0; i < MAX_PER_ADDRESS; i++) {
            assertStillServes(connect(client().address("203.0.113.7")));
        }
        WsClient extra = connect(client().address("203.0.113.7"));
        assertRejectedWith(extra, "IP_LIMIT", "Too many connections from this address", 4429);
        assertThat(api.rejections("IP_LIMIT")).isEqualTo(before + 1);
    }

    @Test
    void theSubscriptionCapRejectsEachExtraRequestAndKeepsTheConnection() {
        long before = api.rejections("SUBSCRIPTION_LIMIT");
        WsClient client = connect();
        for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
            client.subscribe(newJob("cap"), null, "ok-" + i);
        }
        client.subscribe(newJob("cap"), null, "extra-1");
        client.subscribe(newJob("cap"), null, "extra-2");
        client.await("second error", m -> "extra-2".equals(m.getString("id", null)), WAIT);
        List<JsonObject> errors = client.messages("error");
        assertThat(errors).extracting(e -> e.getString("code")).containsExactly("SUBSCRIPTION_LIMIT", "SUBSCRIPTION_LIMIT");
        assertThat(errors).extracting(e -> e.getString("id")).containsExactly("extra-1", "extra-2");
        assertThat(errors.get(0).getString("message")).isEqualTo("Subscription limit reached");
        assertStillServes(client);
        assertThat(api.rejections("SUBSCRIPTION_LIMIT")).isEqualTo(before + 2);
    }

    @Test
    void anIdleClientIsClosedWithIdleTimeoutSoonAfterTheTimeout() {
        long before = api.rejections("IDLE_TIMEOUT");
        WsClient idle = connect(client().noAutoPing());
        WsClient busy = connect();
        long start = System.nanoTime();
        OptionalInt code = idle.awaitClose(Duration.ofMillis(IDLE_TIMEOUT_MS + 1_000 + 2_000)); // + slack for a loaded CI machine
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(code).hasValue(4408);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS - 300);
        assertThat(idle.messages()).extracting(m -> m.getString("code")).containsExactly("IDLE_TIMEOUT");
        assertThat(idle.messages().get(0).getString("message")).isEqualTo("Disconnected due to inactivity.");
        assertStillServes(busy);
        assertThat(api.rejections("IDLE_TIMEOUT")).isEqualTo(before + 1);
    }

    @Test
    void aFrameOverTheLimitIsRefusedWithMessageTooLargeAndClose1009() {
        long before = api.rejections("MESSAGE_TOO_LARGE");
        WsClient client = connect();
        client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(client.awaitError("MESSAGE_TOO_LARGE", WAIT).getString("message")).contains("16384");
        assertThat(client.awaitClose(CLOSE_WAIT)).hasValue(1009);
        assertThat(api.rejections("MESSAGE_TOO_LARGE")).isEqualTo(before + 1);
    }

    @Test
    void malformedUnknownAndInvalidRequestsAreBadRequestsAndTheConnectionStays() {
        long before = api.rejections("BAD_REQUEST");
        WsClient client = connect();
        client.send("{not json");
        client.send("{\"type\":\"shout\",\"id\":\"u1\"}");
        client.send("{\"type\":\"subscribe\",\"jobId\":\"bad id!\",\"id\":\"b1\"}");
        client.send("{\"type\":\"subscribe\",\"jobId\":\"ok\",\"afterSeq\":-4,\"id\":\"b2\"}");
        client.sendBinary(new byte[]{1, 2, 3});
        client.await("five errors", m -> client.messages("error").size() >= 5, WAIT);
        List<JsonObject> errors = client.messages("error");
        assertThat(errors).extracting(e -> e.getString("code")).containsOnly("BAD_REQUEST");
        assertThat(errors.get(0).getString("message")).isEqualTo("Malformed JSON");
        assertThat(errors.get(1).getString("id")).isEqualTo("u1");
        assertThat(errors.get(1).getString("message")).contains("Unknown type");
        assertThat(errors.get(2).getString("id")).isEqualTo("b1");
        assertThat(errors.get(2).getString("message")).contains("jobId");
        assertThat(errors.get(3).getString("jobId")).isEqualTo("ok");
        assertThat(errors.get(4).getString("message")).contains("Binary frames are not supported");
        assertStillServes(client);
        assertThat(api.rejections("BAD_REQUEST")).isEqualTo(before + 5);
        assertThat(api.get("/metrics").body()).contains("herald_messages_parse_failures_total");
    }

    @Test
    void aFloodIsWarnedOnceThenCutOffWith4429() {
        long before = api.rejections("RATE_LIMITED");
        WsClient flooder = connect(client().noAutoPing());
        for (int i = 0; i < 250; i++) {
            flooder.send("{\"type\":\"ping\",\"id\":\"f" + i + "\"}");
        }
        flooder.awaitError("RATE_LIMITED", WAIT);
        assertThat(flooder.isClosed()).isFalse();
        assertThat(flooder.messages("error")).hasSize(1);
        assertThat(flooder.messages("pong")).hasSize(200);
        for (int i = 0; i < 200 && !flooder.isClosed(); i++) {
            try {
                flooder.send("{\"type\":\"ping\"}");
            } catch (RuntimeException closedMeanwhile) {
                break;
            }
        }
        assertThat(flooder.awaitClose(WAIT)).hasValue(4429);
        assertThat(api.rejections("RATE_LIMITED")).isGreaterThan(before);
    }

    @Test
    void aClientThatNeverReadsIsCutOffWhileAnotherKeepsReceiving() {
        long before = api.rejections("SLOW_CONSUMER");
        String job = newJob("slow");
        WsClient slow = connect(client().notReading());
        WsClient healthy = connect();
        slow.subscribe(job, null, null);
        healthy.subscribe(job, null, null);
        healthy.await("caught-up", WAIT);
        String payload = "\"" + "p".repeat(60_000) + "\"";
        int events = 120; // ~7 MB: more than the socket buffers plus the 256 KiB backlog limit
        for (int i = 0; i < events; i++) {
            api.publish(job, "chunk", payload);
        }
        healthy.awaitSeq(job, events, Duration.ofSeconds(30));
        assertThat(healthy.eventSeqs(job)).hasSize(events);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.rejections("SLOW_CONSUMER") == before && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(api.rejections("SLOW_CONSUMER")).isEqualTo(before + 1);
        awaitActiveConnections(1);
        slow.resumeReading();
        assertThat(slow.awaitClose(Duration.ofSeconds(30))).hasValue(4409);
        assertThat(healthy.isClosed()).isFalse();
    }

    private void awaitActiveConnections(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (api.metrics().getInt("activeConnections") != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " connections: " + api.metrics());
            }
            sleep(50);
        }
    }
}
