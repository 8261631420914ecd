package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST .../events/batch} and {@code Idempotency-Key} on a real Liberty, over real HTTP and WebSocket clients. */
class BatchAndIdempotencyIT extends GatewayIT {

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private HttpResponse<String> batch(String job, String body, String key) {
        return api.postKeyed("/api/jobs/" + job + "/events/batch", body, key);
    }

    private HttpResponse<String> single(String job, String payload, String key) {
        return api.postKeyed("/api/jobs/" + job + "/events", "{\"eventType\":\"step\",\"payload\":" + payload + "}", key);
    }

    private static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(GatewayApi.json(response.body()).getString("code")).isEqualTo(code);
    }

    @Test
    void aBatchIsStoredWithContiguousSeqsAndDeliveredLiveInOrder() {
        String job = newJob("batch");
        WsClient subscriber = connect();
        subscriber.subscribe(job, null, null);
        subscriber.await("caught-up", WAIT);
        api.publish(job, "first", "{}");

        HttpResponse<String> response = batch(job, GatewayApi.batchBody(1, 50), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject body = GatewayApi.json(response.body());
        assertThat(body.getString("jobId")).isEqualTo(job);
        assertThat(body.getInt("firstSeq")).isEqualTo(2);
        assertThat(body.getInt("lastSeq")).isEqualTo(51);
        assertThat(body.getInt("count")).isEqualTo(50);
        assertThat(body.getString("occurredAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        String location = response.headers().firstValue("Location").orElseThrow();
        JsonObject stored = GatewayApi.json(api.send(java.net.http.HttpRequest.newBuilder(api.base().resolve(location))
                .GET()).body());
        assertThat(stored.getJsonArray("events")).as(location).hasSize(50);
        assertThat(stored.getJsonArray("events").getJsonObject(0).getInt("seq")).isEqualTo(2);

        subscriber.awaitSeq(job, 51, WAIT);
        assertThat(subscriber.eventSeqs(job)).containsExactlyElementsOf(range(1, 51));
        List<JsonObject> events = subscriber.messages("event");
        assertThat(events.get(1).getJsonObject("payload").getInt("i")).isEqualTo(1);
        assertThat(events.get(50).getJsonObject("payload").getInt("i")).isEqualTo(50);
        JsonObject page = GatewayApi.json(api.get("/api/jobs/" + job + "/events?afterSeq=1&limit=1000").body());
        assertThat(page.getJsonArray("events")).hasSize(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"events\":[]}", "{\"events\":{}}", "{\"events\":[1]}",
            "{\"events\":[{\"eventType\":\"ok\",\"payload\":1},{\"eventType\":\"bad type\",\"payload\":1}]}",
            "{\"events\":[{\"eventType\":\"ok\"}]}", "not json"})
    void aBadBatchIsRefusedWholeWithBadRequest(String body) {
        String job = newJob("badbatch");
        assertCode(batch(job, body, null), 400, "BAD_REQUEST");
        assertCode(api.get("/api/jobs/" + job), 404, "NOT_FOUND");
    }

    @Test
    void aBatchOverTheLimitsIsRefusedAndNothingIsStored() {
        String job = newJob("bigbatch");
        assertCode(batch(job, GatewayApi.batchBody(1, 1001), null), 400, "BAD_REQUEST");
        String oversizedEvent = "{\"events\":[{\"eventType\":\"ok\",\"payload\":1},{\"eventType\":\"big\",\"payload\":\""
                + "y".repeat(70_000) + "\"}]}";
        assertCode(batch(job, oversizedEvent, null), 413, "MESSAGE_TOO_LARGE");
        String hugeBody = "{\"events\":[{\"eventType\":\"x\",\"payload\":\"" + "y".repeat(5 << 20) + "\"}]}";
        assertCode(batch(job, hugeBody, null), 413, "MESSAGE_TOO_LARGE");
        assertCode(api.get("/api/jobs/" + job), 404, "NOT_FOUND");
        assertThat(api.post("/api/jobs/" + job + "/events/batch", GatewayApi.batchBody(1, 2), "text/plain").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aRetriedSinglePublishIsStoredOnceAndAnsweredWithTheFirstReply() {
        String job = newJob("retry");
        WsClient subscriber = connect();
        subscriber.subscribe(job, null, null);
        subscriber.await("caught-up", WAIT);
        HttpResponse<String> first = single(job, "{\"n\":1}", "worker-7:attempt");
        HttpResponse<String> again = single(job, "{ \"n\" : 1 }", "worker-7:attempt");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        String location = first.headers().firstValue("Location").orElseThrow();
        assertThat(GatewayApi.json(api.send(java.net.http.HttpRequest.newBuilder(api.base().resolve(location)).GET())
                .body()).getJsonArray("events").getJsonObject(0).getInt("seq")).as(location).isEqualTo(1);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(GatewayApi.json(again.body())).isEqualTo(GatewayApi.json(first.body()));

        api.publish(job, "next", "{}");
        subscriber.awaitSeq(job, 2, WAIT);
        assertThat(subscriber.eventSeqs(job)).containsExactly(1L, 2L);
        assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("eventCount")).isEqualTo(2);
    }

    @Test
    void aRetriedBatchIsStoredOnce() {
        String job = newJob("retrybatch");
        HttpResponse<String> first = batch(job, GatewayApi.batchBody(1, 10), "batch-1");
        HttpResponse<String> again = batch(job, GatewayApi.batchBody(1, 10), "batch-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(GatewayApi.json(again.body())).isEqualTo(GatewayApi.json(first.body()));
        assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("headSeq")).isEqualTo(10);
    }

    @Test
    void aKeyReusedWithAnotherBodyIs409AndStoresNothing() {
        String job = newJob("reuse");
        long before = api.rejections("IDEMPOTENCY_KEY_REUSED");
        assertThat(single(job, "{\"n\":1}", "k1").statusCode()).isEqualTo(201);
        assertCode(single(job, "{\"n\":2}", "k1"), 409, "IDEMPOTENCY_KEY_REUSED");
        assertCode(batch(job, GatewayApi.batchBody(1, 2), "k1"), 409, "IDEMPOTENCY_KEY_REUSED");
        assertThat(GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("headSeq")).isEqualTo(1);
        assertThat(api.rejections("IDEMPOTENCY_KEY_REUSED")).isEqualTo(before + 2);
        // the same key on another job is another publish
        assertThat(single(newJob("other"), "{\"n\":2}", "k1").statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a/b", "a;b"})
    void anInvalidKeyIsABadRequest(String key) {
        String job = newJob("badkey");
        assertCode(single(job, "{}", key), 400, "BAD_REQUEST");
        assertCode(api.get("/api/jobs/" + job), 404, "NOT_FOUND");
    }

    @Test
    void aKeyOfMoreThan128CharactersIsABadRequest() {
        assertCode(single(newJob("longkey"), "{}", "k".repeat(129)), 400, "BAD_REQUEST");
        assertThat(single(newJob("longkey"), "{}", "k".repeat(128)).statusCode()).isEqualTo(201);
    }
}
