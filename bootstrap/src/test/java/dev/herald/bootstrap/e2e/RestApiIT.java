package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.GatewayApi;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input over HTTP: always a JSON error body with a contract code, never a 500 or an HTML page. */
class RestApiIT extends GatewayIT {

    private JsonObject assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonObject body = GatewayApi.json(response.body());
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
        return body;
    }

    private HttpResponse<String> publishRaw(String job, String body, String contentType) {
        return api.post("/api/jobs/" + job + "/events", body, contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[]", "{\"eventType\":5,\"payload\":{}}", "{\"payload\":{}}",
            "{\"eventType\":\"x\"}", "{\"eventType\":\"bad type\",\"payload\":1}", "{\"eventType\":\"x\",\"payload\":{}} tail"})
    void aBadPublishBodyIsABadRequest(String body) {
        assertError(publishRaw(newJob("bad"), body, "application/json"), 400, "BAD_REQUEST");
    }

    @Test
    void aPublishThatIsNotJsonIsRefusedBeforeItIsRead() {
        String good = "{\"eventType\":\"x\",\"payload\":{}}";
        assertError(publishRaw(newJob("ct"), good, "text/plain"), 400, "BAD_REQUEST");
        assertError(publishRaw(newJob("ct"), good, "application/x-www-form-urlencoded"), 400, "BAD_REQUEST");
        assertError(publishRaw(newJob("ct"), good, null), 400, "BAD_REQUEST");
        assertThat(publishRaw(newJob("ct"), good, "application/json; charset=utf-8").statusCode()).isEqualTo(201);
    }

    /**
     * A usual publish is answered in front of JAX-RS, one with an Accept header to negotiate by the
     * JAX-RS resource: both answer alike (status, body, Location, replay header).
     */
    @Test
    void aPublishIsAnsweredAlikeWhetherOrNotItsAcceptIsNegotiated() {
        String job = newJob("accept");
        String event = "{\"eventType\":\"x\",\"payload\":{}}";
        String batch = GatewayApi.batchBody(1, 2);
        for (String accept : new String[]{null, "application/json, text/plain, */*", "application/json;q=0.9, text/html;q=0.1"}) {
            long head = GatewayApi.json(api.get("/api/jobs/" + job).body()).getInt("headSeq", 0);
            HttpResponse<String> one = publish(job, "/events", event, accept, null);
            assertThat(one.statusCode()).as(accept + ": " + one.body()).isEqualTo(201);
            assertThat(one.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(GatewayApi.json(one.body()).getInt("seq")).isEqualTo(head + 1);
            assertThat(one.headers().firstValue("Location")).as(accept)
                    .hasValue(api.base().resolve("/api/jobs/" + job + "/events?afterSeq=" + head + "&limit=1").toString());
            HttpResponse<String> many = publish(job, "/events/batch", batch, accept, "key-" + head);
            assertThat(many.statusCode()).as(accept + ": " + many.body()).isEqualTo(201);
            assertThat(many.headers().firstValue("Location")).as(accept)
                    .hasValue(api.base().resolve("/api/jobs/" + job + "/events?afterSeq=" + (head + 1) + "&limit=2").toString());
            HttpResponse<String> again = publish(job, "/events/batch", batch, accept, "key-" + head);
            assertThat(again.statusCode()).as(accept).isEqualTo(200);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).as(accept).hasValue("true");
            assertThat(again.body()).isEqualTo(many.body());
        }
        assertError(publish(job, "/events", event, "text/html", null), 406, "BAD_REQUEST");
    }

    private HttpResponse<String> publish(String job, String path, String body, String accept, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve("/api/jobs/" + job + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return api.send(request);
    }

    @Test
    void tooLargeEventsAndBodiesAre413AndNothingIsStored() {
        String job = newJob("big");
        String event = "{\"eventType\":\"x\",\"payload\":\"" + "y".repeat(70_000) + "\"}";
        assertError(publishRaw(job, event, "application/json"), 413, "MESSAGE_TOO_LARGE");
        String body = "{\"eventType\":\"x\",\"payload\":\"" + "y".repeat(400_000) + "\"}";
        assertError(publishRaw(job, body, "application/json"), 413, "MESSAGE_TOO_LARGE");
        assertError(api.get("/api/jobs/" + job), 404, "NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad!id", "has%20space", "a%2Fb", "..%2F..%2Fetc", "%C3%A9t%C3%A9", "x%22y"})
    void anInvalidJobIdInThePathIsABadRequest(String jobId) {
        assertError(publishRaw(jobId, "{\"eventType\":\"x\",\"payload\":1}", "application/json"), 400, "BAD_REQUEST");
        assertError(api.get("/api/jobs/" + jobId), 400, "BAD_REQUEST");
        assertError(publishRaw("x".repeat(129), "{\"eventType\":\"x\",\"payload\":1}", "application/json"), 400, "BAD_REQUEST");
    }

    /** A NUL in the path is refused by the web container itself, before any application code: still a 400 in JSON. */
    @Test
    void aNulInThePathIsRefusedByTheContainer() {
        HttpResponse<String> response = publishRaw("%00", "{\"eventType\":\"x\",\"payload\":1}", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void pageParametersAreValidated() {
        String job = newJob("page");
        api.publish(job, "x", "{}");
        for (String query : new String[]{"limit=0", "limit=1001", "afterSeq=-1", "afterSeq=abc", "limit=1e3"}) {
            assertError(api.get("/api/jobs/" + job + "/events?" + query), 400, "BAD_REQUEST");
        }
        assertThat(api.get("/api/jobs/" + job + "/events?limit=1000").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAnswerJson() {
        assertError(api.get("/api/nothing/here"), 404, "NOT_FOUND");
        assertError(api.get("/not/the/api"), 404, "NOT_FOUND");
        assertError(api.get("/api/jobs/" + newJob("none")), 404, "NOT_FOUND");
        HttpResponse<String> put = api.send(HttpRequest.newBuilder(api.base().resolve("/api/jobs/j/events"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
        assertError(put, 405, "BAD_REQUEST");
    }

    @Test
    void restRejectionsAreCounted() {
        long before = api.rejections("BAD_REQUEST");
        publishRaw(newJob("count"), "{", "application/json");
        assertThat(api.rejections("BAD_REQUEST")).isEqualTo(before + 1);
    }

    @Test
    void healthChecksReportEachAdapter() {
        assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(api.get("/health/started").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = api.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        String body = ready.body();
        assertThat(body).contains("\"event-store\"", "\"event-bus\"", "\"gateway\"", "\"embedded\":true");
    }

    @Test
    void prometheusMetricsCarryHeraldNames() {
        String job = newJob("prom");
        api.publish(job, "x", "{}");
        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("herald_connections_active", "herald_connections_opened_total",
                "herald_connections_rejected_total", "herald_rejections_total", "herald_subscriptions_active",
                "herald_events_published_total", "herald_events_delivered_total", "herald_catchup_duration_seconds",
                "herald_publish_to_send_seconds", "herald_gap_repairs_total", "herald_messages_received_total",
                "herald_messages_parse_failures_total", "herald_bus_publish_failures_total", "herald_event_bus_connected");
    }

    @Test
    void recentEventsAreReadFromTheCacheInFrontOfTheStore() {
        String job = newJob("cache");
        api.publish(job, "x", "{}");
        api.publish(job, "x", "{}");
        double hitsBefore = prometheusValue("herald_event_cache_hits");

        HttpResponse<String> page = api.get("/api/jobs/" + job + "/events?afterSeq=0&limit=2");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"seq\":1", "\"seq\":2");
        assertThat(prometheusValue("herald_event_cache_hits")).isEqualTo(hitsBefore + 2);
    }

    private double prometheusValue(String name) {
        return api.get("/metrics").body().lines()
                .filter(line -> line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }
}
