package dev.herald.distribution.loadtest;

import dev.herald.adapter.mongo.EmbeddedMongoServer;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.loadtest.Main;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load-test harness, small numbers, against a gateway from the server package: the suite writes
 * its artifacts and passes, and every other scenario passes once, so the harness cannot rot. The
 * full benchmark is a manual command (docs/benchmarks.md).
 */
class LoadtestSmokeIT {

    /** Caps low enough for the quota scenarios, high enough for the small broadcast. */
    private static final Map<String, String> GUARDRAILS = Map.of(
            "SOCKET_MAX_CONNECTIONS", "40",
            "SOCKET_MAX_CONNECTIONS_PER_ORIGIN", "10",
            "SOCKET_MAX_SUBSCRIPTIONS_PER_CLIENT", "5",
            "SOCKET_IDLE_TIMEOUT_MS", "2000",
            // the relay-rooms scenario's ephemeral namespace
            "HERALD_NAMESPACES", "chat",
            "HERALD_NAMESPACE_CHAT_HISTORY", "none",
            "HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true");

    private static final Path REPORTS = Path.of(System.getProperty("herald.nodes.dir", "target/nodes")).toAbsolutePath()
            .getParent().resolve("loadtest-reports");

    /** The default mode with compression on: clients that do not offer it see no difference. */
    @Test
    void everyScenarioPassesAgainstTheDefaultMode() throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(GUARDRAILS);
        env.put("HERALD_SOCKET_COMPRESSION", "true");
        try (GatewayProcess gateway = GatewayProcess.start("loadtest-default", env)) {
            Path out = REPORTS.resolve("default");
            suitePasses(gateway, out, "ci");
            assertThat(summary(out).getJsonArray("scenarios").getJsonObject(2).getString("status"))
                    .as("no broker in the default mode: the outage is skipped, not failed").isEqualTo("skipped");
            otherScenariosPass(gateway);
            aCompressedBurstArrivesIntact(gateway.apiUrl());
        }
    }

    /** --compression: the harness offers permessage-deflate, the gateway compresses 4 KiB events, the harness inflates them. */
    private static void aCompressedBurstArrivesIntact(String api) throws IOException, InterruptedException {
        Run run = harness(withQuiet(new String[]{"broadcast-burst", "--api-url", api, "--burst", "--compression",
                "--payload-bytes", "4096", "--payload-text", "words", "--client-count", "8", "--event-count", "20",
                "--set", "pingIntervalMs=500"}));
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonObject results = Json.createReader(new StringReader(run.output())).readObject().getJsonObject("results");
        assertThat(results.getJsonNumber("deliveries").longValue()).as(results.toString()).isEqualTo(8 * 20);
        assertThat(results.getJsonNumber("drops").longValue()).isZero();
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.replaceAll("/+$", "") + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double compressed = metrics.lines().filter(l -> l.startsWith("herald_socket_compressed_frames_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(compressed).as("frames the gateway sent compressed").isGreaterThanOrEqualTo(8 * 20);
    }

    /** Mongo + Redis mode, broker outage included (another server start; skip it with -Dherald.loadtest.cluster=false). */
    @Test
    @DisabledIfSystemProperty(named = "herald.loadtest.cluster", matches = "false")
    void theSuitePassesAgainstMongoAndRedisWithABrokerOutage() throws IOException {
        Path nodes = Path.of(System.getProperty("herald.nodes.dir", "target/nodes"));
        try (RedisServer redis = RedisServer.startOnFreePort();
             EmbeddedMongoServer mongo = EmbeddedMongoServer.start(nodes.resolve("loadtest-mongo-" + System.nanoTime()))) {
            Map<String, String> env = new java.util.HashMap<>(GUARDRAILS);
            env.put("REDIS_URL", redis.url());
            env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongo.port() + "/herald");
            try (GatewayProcess gateway = GatewayProcess.start("loadtest-cluster", env)) {
                Path out = REPORTS.resolve("cluster");
                suitePasses(gateway, out, "cluster", "--redis-url", redis.url());
                JsonObject outage = json(out.resolve("cluster-broker-outage.json"));
                assertThat(outage.getString("status")).isEqualTo("passed");
                assertThat(outage.getJsonObject("results").getJsonNumber("drops").longValue()).isZero();
            }
        }
    }

    private static void suitePasses(GatewayProcess gateway, Path out, String label, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("suite", "--api-url", gateway.apiUrl(), "--output", out.toString(),
                "--label", label, "--quiet", "--client-count", "8", "--event-count", "20", "--subscriber-count", "5",
                "--redis-reset-after", "8", "--set", "pingIntervalMs=500"));
        args.addAll(List.of(extra));
        Run run = harness(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String file : List.of(label + "-catch-up-burst.json", label + "-broadcast-burst.json", label + "-broker-outage.json",
                label + "-before-suite-metrics.json", label + "-before-suite-prometheus.txt",
                label + "-after-catch-up-burst-metrics.json", label + "-after-broadcast-burst-metrics.json",
                label + "-after-broker-outage-metrics.json", label + "-after-suite-metrics.json", "suite-summary.json")) {
            assertThat(out.resolve(file)).as(file).exists();
        }
        JsonObject summary = summary(out);
        assertThat(summary.getBoolean("passed")).as(summary.toString()).isTrue();
        JsonObject broadcast = json(out.resolve(label + "-broadcast-burst.json")).getJsonObject("results");
        assertThat(broadcast.getJsonNumber("eventsStored").longValue()).as(broadcast.toString()).isEqualTo(20);
        assertThat(broadcast.getJsonNumber("deliveries").longValue()).as(broadcast.toString()).isEqualTo(8 * 20);
        assertThat(broadcast.getJsonNumber("drops").longValue()).isZero();

        Run diff = harness("compare-metrics", "--baseline", out.resolve(label + "-before-suite-metrics.json").toString(),
                "--target", out.resolve(label + "-after-suite-metrics.json").toString(), "--output", out.resolve("metrics-diff.json").toString());
        assertThat(diff.exitCode()).isZero();
        assertThat(diff.output()).contains("eventsPublished");
        assertThat(out.resolve("metrics-diff.json")).exists();
    }

    private static void otherScenariosPass(GatewayProcess gateway) {
        String api = gateway.apiUrl();
        List<String[]> runs = List.of(
                new String[]{"connection-quota", "--api-url", api, "--cap", "40", "--set", "distinctOrigins=true", "--set", "pingIntervalMs=500"},
                new String[]{"origin-quota", "--api-url", api, "--cap", "10", "--origin", "http://smoke.test", "--set", "pingIntervalMs=500"},
                new String[]{"subscription-cap", "--api-url", api, "--cap", "5"},
                new String[]{"idle-eviction", "--api-url", api, "--client-count", "5", "--idle-timeout-ms", "2000"},
                new String[]{"capacity", "--api-url", api, "--connection-count", "10", "--job-count", "2", "--start-rate", "20",
                        "--step-ms", "1000", "--max-rate", "50", "--set", "pingIntervalMs=500", "--set", "settleMs=200"});
        for (String[] args : runs) {
            Run run = harness(withQuiet(args));
            assertThat(run.exitCode()).as(args[0] + ":\n" + run.output()).isZero();
        }
        mixedCapacityDeliversToTheHotConnectionsOnly(api);
        aBatchBurstIsStoredOnceWithItsKeys(api);
        relayRoomsReachEveryOtherMemberOnce(api);
    }

    /** 3 rooms of 3 members, 4 messages/s each for 1.5 s: every message to the 2 others, once, none to its sender. */
    private static void relayRoomsReachEveryOtherMemberOnce(String api) {
        Run run = harness(withQuiet(new String[]{"relay-rooms", "--api-url", api, "--room-count", "3", "--members-per-room", "3",
                "--messages-per-second", "4", "--duration-ms", "1500"}));
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonObject results = Json.createReader(new StringReader(run.output())).readObject().getJsonObject("results");
        long published = results.getJsonNumber("published").longValue();
        assertThat(published).as(results.toString()).isGreaterThanOrEqualTo(9 * 4);
        assertThat(results.getJsonNumber("deliveries").longValue()).isEqualTo(published * 2);
        assertThat(results.getJsonNumber("deliveredToSender").longValue()).isZero();
        assertThat(results.getJsonNumber("duplicates").longValue()).isZero();
    }

    /** 20 events in batches of 5, all issued at once with keys: each stored once, none replayed or refused. */
    private static void aBatchBurstIsStoredOnceWithItsKeys(String api) {
        Run run = harness(withQuiet(new String[]{"broadcast-burst", "--api-url", api, "--burst", "--batch", "5",
                "--client-count", "8", "--event-count", "20", "--set", "pingIntervalMs=500"}));
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonObject results = Json.createReader(new StringReader(run.output())).readObject().getJsonObject("results");
        assertThat(results.getJsonNumber("eventsStored").longValue()).as(results.toString()).isEqualTo(20);
        assertThat(results.getJsonNumber("deliveries").longValue()).isEqualTo(8 * 20);
        assertThat(results.getJsonNumber("idempotencyKeyConflicts").longValue()).isZero();
        assertThat(results.getInt("requests")).isEqualTo(4);
    }

    /** 4 of 10 connections on the hot job: one step of 20 events is 80 deliveries, the 6 idle ones get none. */
    private static void mixedCapacityDeliversToTheHotConnectionsOnly(String api) {
        Run run = harness(withQuiet(new String[]{"capacity", "--api-url", api, "--connection-count", "10", "--job-count", "2",
                "--start-rate", "20", "--step-ms", "1000", "--max-rate", "20", "--set", "hotConnectionCount=4",
                "--set", "pingIntervalMs=500", "--set", "settleMs=200"}));
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonObject results = Json.createReader(new StringReader(run.output())).readObject().getJsonObject("results");
        assertThat(results.getInt("connectionsHeld")).isEqualTo(10);
        assertThat(results.getInt("hotConnections")).isEqualTo(4);
        assertThat(results.getJsonArray("steps").getJsonObject(0).getJsonNumber("deliveries").longValue())
                .as(results.toString()).isEqualTo(4 * 20);
        assertThat(results.getJsonNumber("drops").longValue()).isZero();
    }

    private static String[] withQuiet(String[] args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--quiet";
        out[args.length + 1] = "--json";
        return out;
    }

    private record Run(int exitCode, String output) {
    }

    /** The harness' public entry point, in this JVM, its output captured. */
    private static Run harness(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code = Main.run(stream, stream, args);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println("[loadtest] " + String.join(" ", args) + " -> " + code);
        System.out.println(output);
        return new Run(code, output);
    }

    private static JsonObject summary(Path out) throws IOException {
        return json(out.resolve("suite-summary.json"));
    }

    private static JsonObject json(Path file) throws IOException {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }
}
