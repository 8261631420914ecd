package dev.herald.loadtest.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
    private final Duration publishTimeout;

    /** Publishes with the JDK client. */
    public GatewayHttp(Target target) {
        this(target, HttpClientKind.JDK);
    }

    public GatewayHttp(Target target, HttpClientKind publishWith) {
        this(target, publishWith, TIMEOUT);
    }

    /** {@code publishTimeout}: how long a publish may take before it counts as failed (and may be retried). */
    public GatewayHttp(Target target, HttpClientKind publishWith, Duration publishTimeout) {
        this.target = target;
        this.publishTimeout = publishTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }))
                .version(HttpClient.Version.HTTP_1_1).build();
        this.raw = effectiveKind(target, publishWith) == HttpClientKind.RAW
                ? new RawHttpPublisher(target.apiUrl(), target.token().orElse(null), publishTimeout) : null;
    }

    /** The client actually used to publish: https:// always goes to the JDK client. */
    public static HttpClientKind effectiveKind(Target target, HttpClientKind wanted) {
        return "https".equals(target.apiUrl().getScheme()) ? HttpClientKind.JDK : wanted;
    }

    /**
     * A publish's reply: the seqs the gateway assigned ({@code firstSeq..lastSeq}, one seq for a single
     * event), or the failure. {@code replayed}: a {@code 200} with {@code Idempotent-Replayed: true},
     * the stored answer to an earlier attempt with the same key.
     */
    public record Published(int status, long firstSeq, long lastSeq, boolean replayed, String error) {

        /** A single event's reply, not replayed. */
        public Published(int status, long seq, String error) {
            this(status, seq, seq, false, error);
        }

        public boolean ok() {
            return (status == 201 || status == 200 && replayed) && firstSeq > 0 && lastSeq >= firstSeq;
        }

        /** The (first) seq assigned. */
        public long seq() {
            return firstSeq;
        }

        /** Events the reply acknowledges. */
        public int count() {
            return ok() ? (int) (lastSeq - firstSeq + 1) : 0;
        }
    }

    public CompletableFuture<Published> publishAsync(String jobId, String eventType, String payloadJson) {
        return publishAsync(jobId, eventType, payloadJson, null);
    }

    /** One event; {@code idempotencyKey} null sends none. */
    public CompletableFuture<Published> publishAsync(String jobId, String eventType, String payloadJson, String idempotencyKey) {
        return post("/api/jobs/" + jobId + "/events", event(eventType, payloadJson), idempotencyKey);
    }

    /** Events of one type in one request ({@code POST .../events/batch}); {@code idempotencyKey} null sends none. */
    public CompletableFuture<Published> publishBatchAsync(String jobId, String eventType, List<String> payloadsJson,
                                                          String idempotencyKey) {
        StringBuilder body = new StringBuilder(payloadsJson.size() * 160).append("{\"events\":[");
        for (int i = 0; i < payloadsJson.size(); i++) {
            body.append(i == 0 ? "" : ",").append(event(eventType, payloadsJson.get(i)));
        }
        return post("/api/jobs/" + jobId + "/events/batch", body.append("]}").toString(), idempotencyKey);
    }

    private static String event(String eventType, String payloadJson) {
        return "{\"eventType\":\"" + eventType + "\",\"payload\":" + payloadJson + "}";
    }

    private CompletableFuture<Published> post(String path, String body, String idempotencyKey) {
        if (raw != null) {
            return raw.post(path, body, idempotencyKey);
        }
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(target.api(path)))
                .timeout(publishTimeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error != null ? failed(error) : published(response.statusCode(), response.body(),
                        response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false)));
    }

    /**
     * A publish the gateway answered: 201 (or a replayed 200) with the seqs it assigned, {@code seq}
     * for one event, {@code firstSeq}/{@code lastSeq} for a batch; else the status and the error body.
     */
    static Published published(int status, String body) {
        return published(status, body, false);
    }

    static Published published(int status, String body, boolean replayed) {
        if (status != 201 && !(status == 200 && replayed)) {
            return new Published(status, 0, 0, false, abbreviate(body));
        }
        long seq = longField(body, "seq");
        if (seq > 0) {
            return new Published(status, seq, seq, replayed, null);
        }
        return new Published(status, longField(body, "firstSeq"), longField(body, "lastSeq"), replayed, null);
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

    /**
     * A non-negative integer field of a flat JSON reply ({"jobId":..,"seq":N,..}), 0 when absent: read
     * without a JSON tree, publishing is on the hot path. A match must be a name (followed by a colon),
     * not a string value that happens to spell it.
     */
    static long longField(String body, String name) {
        String quoted = "\"" + name + "\"";
        for (int at = body.indexOf(quoted); at >= 0; at = body.indexOf(quoted, at + 1)) {
            int i = at + quoted.length();
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= body.length() || body.charAt(i) != ':') {
                continue;
            }
            i++;
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < body.length() && Character.isDigit(body.charAt(i))) {
                i++;
            }
            return start == i ? 0 : Long.parseLong(body.substring(start, i));
        }
        return 0;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
