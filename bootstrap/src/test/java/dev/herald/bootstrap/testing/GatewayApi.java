package dev.herald.bootstrap.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The gateway's REST API, as a test uses it. */
public final class GatewayApi {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String token;

    public GatewayApi(URI base) {
        this.base = base;
    }

    public GatewayApi withToken(String token) {
        GatewayApi copy = new GatewayApi(base);
        copy.token = token;
        return copy;
    }

    public URI websocketUri() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/realtime");
    }

    public URI base() {
        return base;
    }

    /** Publishes and returns the 201 body; fails on any other status. */
    public JsonObject publish(String jobId, String eventType, String payloadJson) {
        HttpResponse<String> response = post("/api/jobs/" + jobId + "/events",
                "{\"eventType\":\"" + eventType + "\",\"payload\":" + payloadJson + "}", "application/json");
        if (response.statusCode() != 201) {
            throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** POSTs a JSON body with an {@code Idempotency-Key} header (none when {@code key} is null). */
    public HttpResponse<String> postKeyed(String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request);
    }

    /** The body of a batch of {@code count} events of type {@code step}, payloads {@code {"i": n}} from {@code from}. */
    public static String batchBody(int from, int count) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventType\":\"step\",\"payload\":{\"i\":").append(from + i)
                    .append("}}");
        }
        return body.append("]}").toString();
    }

    public HttpResponse<String> post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonObject metrics() {
        HttpResponse<String> response = get("/api/realtime/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("metrics answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    public long rejections(String code) {
        JsonObject rejections = metrics().getJsonObject("rejections");
        return rejections.containsKey(code) ? rejections.getJsonNumber(code).longValue() : 0;
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
