package dev.herald.loadtest.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * The gateway's REST side as the harness uses it: publish events, read a job's head, read the JSON
 * metrics and the Prometheus text. Carries the token when there is one. Publishing, the hot path,
 * goes through the lean {@link RawHttpPublisher} when asked ({@link HttpClientKind#RAW}, http://
 * only); everything else through the JDK client.
 */
public final class GatewayHttp implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Target target;
    private final HttpClient http;
    private final RawHttpPublisher raw;

    /** Publishes with the JDK client. */
    public GatewayHttp(Target target) {
        this(target, HttpClientKind.JDK);
    }

    public GatewayHttp(Target target, HttpClientKind publishWith) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }))
                .version(HttpClient.Version.HTTP_1_1).build();
        this.raw = effectiveKind(target, publishWith) == HttpClientKind.RAW
                ? new RawHttpPublisher(target.apiUrl(), target.token().orElse(null)) : null;
    }

    /** The client actually used to publish: https:// always goes to the JDK client. */
    public static HttpClientKind effectiveKind(Target target, HttpClientKind wanted) {
        return "https".equals(target.apiUrl().getScheme()) ? HttpClientKind.JDK : wanted;
    }

    /** A publish's reply: the seq the gateway assigned, or the failure. */
    public record Published(int status, long seq, String error) {
        public boolean ok() {
            return status == 201 && seq > 0;
        }
    }

    public CompletableFuture<Published> publishAsync(String jobId, String eventType, String payloadJson) {
        String body = "{\"eventType\":\"" + eventType + "\",\"payload\":" + payloadJson + "}";
        if (raw != null) {
            return raw.post("/api/jobs/" + jobId + "/events", body);
        }
        HttpRequest request = authorized(HttpRequest.newBuilder(target.api("/api/jobs/" + jobId + "/events")))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error != null ? failed(error) : published(response.statusCode(), response.body()));
    }

    /** A publish the gateway answered: 201 with the seq it assigned, or the status and the error body. */
    static Published published(int status, String body) {
        if (status != 201) {
            return new Published(status, 0, abbreviate(body));
        }
        return new Published(201, seqOf(body), null);
    }

    /** A publish without an answer (status 0). */
    static Published failed(Throwable error) {
        return new Published(0, 0, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public Published publish(String jobId, String eventType, String payloadJson) {
        return publishAsync(jobId, eventType, payloadJson).join();
    }

    /** The job's latest stored seq, 0 when it has no events. */
    public long headSeq(String jobId) {
        HttpResponse<String> response = get("/api/jobs/" + jobId);
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new GatewayException("GET /api/jobs/" + jobId + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return json(response.body()).getJsonNumber("headSeq").longValue();
    }

    public JsonObject metrics() {
        return json(metricsText());
    }

    public String metricsText() {
        HttpResponse<String> response = get("/api/realtime/metrics");
        if (response.statusCode() != 200) {
            throw new GatewayException("GET /api/realtime/metrics answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    public String prometheus() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new GatewayException("GET /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    public HttpResponse<String> get(String path) {
        HttpRequest request = authorized(HttpRequest.newBuilder(target.api(path))).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayException("cannot reach " + target.api(path) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted");
        }
    }

    /** Closes the publishing connections (requests under way finish first). */
    @Override
    public void close() {
        if (raw != null) {
            raw.close();
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        target.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    public static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** The reply is {"jobId":..,"seq":N,..}: read seq without a JSON tree, publishing is on the hot path. */
    static long seqOf(String body) {
        int at = body.indexOf("\"seq\"");
        if (at < 0) {
            return 0;
        }
        int i = body.indexOf(':', at) + 1;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            i++;
        }
        return start == i ? 0 : Long.parseLong(body.substring(start, i));
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
