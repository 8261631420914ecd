package dev.herald.bootstrap.secured;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.RawWebSocket;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.error.ErrorCode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at volume: the gateway never answers 5xx or falls over, every answer carries a
 * contract code, and a well-behaved client subscribed all along receives every event in order.
 * The seed is printed, so a failure can be replayed.
 */
class FuzzIT extends SecuredGatewayIT {

    private static final Set<String> CONTRACT_CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(Collectors.toSet());
    private static final Set<String> REPLY_TYPES = Set.of("subscribed", "event", "caught-up", "unsubscribed", "pong", "published", "error");
    /**
     * Close codes a hostile frame may earn: the contract's, the protocol errors the WebSocket layer
     * itself raises (1002, 1007), and 1006 when the server closed while the client was still
     * writing a refused frame (the reset can overtake the close frame).
     */
    private static final Set<Integer> CLOSE_CODES = Set.of(1000, 1002, 1006, 1007, 1009, 1011, 4401, 4403, 4408, 4409, 4429);

    /** Liberty's message for URIs it refuses during canonicalization, before the application sees them. */
    private static final String CONTAINER_URI_CHECK = "CWWWC0005I";

    private final long seed = Long.getLong("herald.fuzz.seed", System.nanoTime());

    /** Publishes an event every few milliseconds for as long as the fuzzing lasts. */
    private final class SteadyPublisher implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger published = new AtomicInteger();
        private final Future<?> loop;

        SteadyPublisher(String job) {
            loop = thread.submit(() -> {
                while (running.get()) {
                    api.publish(job, "fuzz.tick", "{\"n\":" + published.incrementAndGet() + "}");
                    sleep(20);
                }
                return null;
            });
        }

        int stop() throws Exception {
            running.set(false);
            loop.get(30, TimeUnit.SECONDS);
            return published.get();
        }

        @Override
        public void close() {
            running.set(false);
            thread.shutdownNow();
        }
    }

    private WsClient wellBehaved(String job) {
        WsClient client = connect(client());
        client.subscribe(job, null, null);
        client.await("caught-up", WAIT);
        return client;
    }

    private void assertReceivedEverything(WsClient client, String job, int published) {
        client.awaitSeq(job, published, WAIT);
        assertThat(client.eventSeqs(job)).containsExactlyElementsOf(LongStream.rangeClosed(1, published).boxed().toList());
        assertThat(client.messages("error")).isEmpty();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void tenThousandHostileFramesNeverHurtTheGatewayOrAWellBehavedClient() throws Exception {
        System.out.println("[fuzz] WebSocket seed " + seed + " (replay with -Dherald.fuzz.seed=" + seed + ")");
        HostileInput input = new HostileInput(new Random(seed));
        String watched = newJob("fuzz-watched");
        String target = newJob("fuzz-target");
        WsClient good = wellBehaved(watched);
        Map<String, Integer> sentByCategory = new TreeMap<>();
        Map<Integer, Integer> closes = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int sent = 0;
        int connections = 0;
        try (SteadyPublisher publisher = new SteadyPublisher(watched)) {
            while (sent < 10_000) {
                connections++;
                String address = "10.77." + (connections / 250) + "." + (connections % 250 + 1);
                try (RawWebSocket hostile = RawWebSocket.connect(api.base(), "/realtime?token=" + subscriberToken("*"),
                        Map.of("Origin", ALLOWED_ORIGIN, "X-Forwarded-For", address))) {
                    // below the per-connection rate limit, so each frame is really parsed and answered
                    for (int i = 0; i < 150 && sent < 10_000 && !hostile.isClosed(); i++) {
                        HostileInput.Frame frame = input.nextFrame(target);
                        try {
                            hostile.sendFrame(frame.fin(), frame.opcode(), frame.payload());
                        } catch (IOException closedUnderUs) {
                            break;
                        }
                        sentByCategory.merge(frame.category(), 1, Integer::sum);
                        sent++;
                    }
                    try {
                        hostile.sendText("{\"type\":\"ping\",\"id\":\"last\"}");
                    } catch (IOException closedByTheServer) {
                        // refused a frame and closed: its close code is checked below
                    }
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (!hostile.isClosed() && hostile.texts().stream().noneMatch(t -> t.contains("\"last\""))
                            && System.nanoTime() < deadline) {
                        sleep(5);
                    }
                    check(hostile.texts(), violations);
                    hostile.close();
                    closes.merge(hostile.awaitClose(5_000).orElse(-1), 1, Integer::sum);
                } catch (IOException e) {
                    violations.add("connection " + connections + " failed: " + e.getMessage());
                }
            }
            int published = publisher.stop();
            System.out.println("[fuzz] " + sent + " frames on " + connections + " connections: " + sentByCategory
                    + "; closes " + closes + "; " + published + " events published meanwhile");
            assertThat(violations).as("answers outside the contract").isEmpty();
            assertThat(closes.keySet()).allMatch(CLOSE_CODES::contains);
            assertThat(sent).isGreaterThanOrEqualTo(10_000);
            assertReceivedEverything(good, watched, published);
        }
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(api.metrics().getJsonObject("rejections").getJsonNumber("BAD_REQUEST").longValue()).isPositive();
    }

    private static void check(List<String> texts, List<String> violations) {
        for (String text : texts) {
            JsonObject reply;
            try {
                reply = GatewayApi.json(text);
            } catch (RuntimeException e) {
                violations.add("not JSON: " + text);
                continue;
            }
            String type = reply.getString("type", "");
            if (!REPLY_TYPES.contains(type)) {
                violations.add("unknown reply type: " + text);
            } else if (type.equals("error") && !CONTRACT_CODES.contains(reply.getString("code", ""))) {
                violations.add("error without a contract code: " + text);
            }
        }
    }

    @Test
    void twoThousandHostileRequestsAlwaysGetAJsonAnswerWithAContractCode() throws Exception {
        System.out.println("[fuzz] REST seed " + seed);
        Random random = new Random(seed);
        HostileInput input = new HostileInput(random);
        String watched = newJob("fuzz-rest");
        WsClient good = wellBehaved(watched);
        String[] tokens = {null, "garbage", adminToken(), subscriberToken("x"), adminToken() + "x"};
        String[] types = {"application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml",
                null, "application/json; charset=ISO-8859-1", "multipart/form-data; boundary=x", "*/*", "application/json;;;"};
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int refusedByContainer = 0;
        try (SteadyPublisher publisher = new SteadyPublisher(watched)) {
            for (int i = 0; i < 2_000; i++) {
                String path = hostilePath(random, input);
                String method = methods[random.nextInt(methods.length)];
                byte[] body = hostileBody(random, input);
                HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve(path)).timeout(Duration.ofSeconds(30))
                        .method(method, method.equals("GET") || method.equals("OPTIONS")
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                String type = types[random.nextInt(types.length)];
                if (type != null) {
                    request.header("Content-Type", type);
                }
                String token = tokens[random.nextInt(tokens.length)];
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = new GatewayApi(api.base()).send(request);
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    violations.add(response.statusCode() + " for " + method + " " + path + ": " + response.body());
                } else if (response.statusCode() == 400 && response.body().contains(CONTAINER_URI_CHECK)) {
                    // the web container's URI canonicalization (dot segments above the root, ...) answers
                    // before any application code runs: a 400 all the same, never a 5xx
                    refusedByContainer++;
                } else if (response.statusCode() >= 400) {
                    try {
                        JsonObject error = GatewayApi.json(response.body());
                        if (!CONTRACT_CODES.contains(error.getString("code", ""))) {
                            violations.add("no contract code for " + method + " " + path + ": " + response.body());
                        }
                    } catch (RuntimeException e) {
                        violations.add("not JSON for " + method + " " + path + ": " + response.body());
                    }
                }
            }
            int published = publisher.stop();
            System.out.println("[fuzz] 2000 REST requests: statuses " + statuses + " (" + refusedByContainer
                    + " refused by the container's URI check before reaching Herald); " + published
                    + " events published meanwhile");
            assertThat(violations).as("answers outside the contract").isEmpty();
            assertReceivedEverything(good, watched, published);
        }
    }

    private static String hostilePath(Random random, HostileInput input) {
        String[] ids = {"ok-job", "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "x".repeat(2_000), "%C3%A9t%C3%A9",
                "%3Cscript%3E", "a%20b", "%22quoted%22", "job%3Bdrop", "%E2%80%AE", "-", ".", "a:b.c_d-e", "%25",
                URLEncoder.encode(input.randomAscii(20), StandardCharsets.UTF_8)};
        String id = ids[random.nextInt(ids.length)];
        String[] paths = {"/api/jobs/" + id + "/events", "/api/jobs/" + id, "/api/jobs/" + id + "/events?afterSeq="
                + (random.nextBoolean() ? "-1" : "1e9") + "&limit=" + (random.nextBoolean() ? "0" : "99999"),
                "/api/realtime/metrics", "/api/jobs/", "/api/" + id, "/api/jobs/" + id + "/events/extra",
                "/api/jobs/" + id + "/events?limit=" + input.randomAscii(3).replaceAll("[^0-9a-z]", "x")};
        return paths[random.nextInt(paths.length)];
    }

    private static byte[] hostileBody(Random random, HostileInput input) {
        return switch (random.nextInt(8)) {
            case 0 -> "{\"eventType\":\"fuzz.ok\",\"payload\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8);
            case 1 -> input.randomAscii(random.nextInt(300)).getBytes(StandardCharsets.UTF_8);
            case 2 -> input.randomBytes(random.nextInt(500));
            case 3 -> ("{\"eventType\":\"fuzz\",\"payload\":\"" + "z".repeat(200_000 + random.nextInt(200_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"eventType\":\"fuzz\",\"payload\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8);
            case 5 -> "{\"eventType\":42,\"payload\":null}".getBytes(StandardCharsets.UTF_8);
            case 6 -> new byte[]{(byte) 0xC3, 0x28, 0x7B, 0x7D};
            default -> new byte[0];
        };
    }
}
