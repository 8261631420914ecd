package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.FrameListener;
import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;
import jakarta.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Ramps connections to a cap, then opens extras: every extra must be refused with the cap's error
 * code within {@code rejectWithinMs} of its connect, and the metrics endpoint, polled all along,
 * must never show more than the cap. {@code connection-quota} counts all connections,
 * {@code origin-quota} those of one origin.
 */
public final class QuotaScenario implements Scenario {

    private final String name;
    private final String code;
    private final int defaultCap;
    private final boolean perOrigin;

    private QuotaScenario(String name, String code, int defaultCap, boolean perOrigin) {
        this.name = name;
        this.code = code;
        this.defaultCap = defaultCap;
        this.perOrigin = perOrigin;
    }

    public static QuotaScenario connections() {
        return new QuotaScenario("connection-quota", "CONNECTION_LIMIT", 50, false);
    }

    public static QuotaScenario perOrigin() {
        return new QuotaScenario("origin-quota", "ORIGIN_LIMIT", 25, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return perOrigin
                ? "Opens cap + extras connections from one origin; extras must get ORIGIN_LIMIT within rejectWithinMs; metrics never above the cap (gateway: SOCKET_MAX_CONNECTIONS_PER_ORIGIN = cap)."
                : "Opens cap + extras connections; extras must get CONNECTION_LIMIT within rejectWithinMs; metrics never above the cap (gateway: SOCKET_MAX_CONNECTIONS = cap, per-origin cap 0).";
    }

    /** How a probe connection ended up. */
    private record Admission(boolean accepted, String code, int closeCode, long elapsedNanos) {
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int cap = s.integer("cap", defaultCap);
        int extras = s.integer("extras", 3);
        long rejectWithinMs = s.longValue("rejectWithinMs", 200);
        long decideMs = s.longValue("admissionTimeoutMs", 5_000);
        String origin = perOrigin ? context.target().origin() != null ? context.target().origin() : s.string("quotaOrigin", "http://loadtest.herald.test")
                : context.target().origin();
        // connection-quota may give each connection its own origin, so a per-origin cap stays out of the way
        boolean distinctOrigins = !perOrigin && s.flag("distinctOrigins", false);
        String originKey = origin == null ? "none" : origin;
        GatewayHttp http = context.http();
        ToLongFunction<JsonObject> reading = perOrigin
                ? m -> MetricsWatch.number(m, "connectionsByOrigin", originKey)
                : m -> MetricsWatch.number(m, "activeConnections");
        long before = reading.applyAsLong(http.metrics());
        long rejectionsBefore = MetricsWatch.number(http.metrics(), "rejections", code);
        int expectedAccepted = (int) Math.max(0, cap - before);
        if (before > 0) {
            result.note(before + " connection(s) were already open before the ramp; " + expectedAccepted + " more are expected to be admitted");
        }

        Histogram rejectTimes = new Histogram(3);
        List<Admission> ramp = new ArrayList<>();
        List<Admission> extra = new ArrayList<>();
        try (WsClients clients = context.clients(context.target().withOrigin(origin));
             MetricsWatch watch = MetricsWatch.start(http, s.longValue("metricsPollMs", 50), reading)) {
            clients.keepAlive(java.time.Duration.ofMillis(s.longValue("pingIntervalMs", 20_000)));
            for (int i = 0; i < expectedAccepted; i++) {
                ramp.add(admit(clients, distinctOrigins ? "http://loadtest-" + i + ".test" : origin, decideMs));
            }
            for (int i = 0; i < extras; i++) {
                Admission a = admit(clients, distinctOrigins ? "http://loadtest-extra-" + i + ".test" : origin, decideMs);
                extra.add(a);
                if (!a.accepted()) {
                    rejectTimes.recordValue(a.elapsedNanos() / 1_000);
                }
            }
            Thread.sleep(s.longValue("settleMs", 300));
            long highest = watch.highest();
            long accepted = ramp.stream().filter(Admission::accepted).count();
            long rejectedRight = extra.stream().filter(a -> !a.accepted() && code.equals(a.code())).count();
            Map<String, Long> extraOutcomes = new LinkedHashMap<>();
            extra.forEach(a -> extraOutcomes.merge(a.accepted() ? "accepted" : a.code() + "/" + a.closeCode(), 1L, Long::sum));
            Map<String, Long> rampOutcomes = new LinkedHashMap<>();
            ramp.forEach(a -> rampOutcomes.merge(a.accepted() ? "accepted" : a.code() + "/" + a.closeCode(), 1L, Long::sum));

            result.put("cap", cap).put("origin", originKey).put("alreadyOpen", before)
                    .put("attempts", ramp.size() + extra.size()).put("accepted", accepted)
                    .put("rejected", rejectedRight).put("rampOutcomes", rampOutcomes).put("extraOutcomes", extraOutcomes)
                    .put("rejectionLatency", Latency.summary(rejectTimes))
                    .put("metricsHighest", highest).put("metricsSamples", watch.samples());
            result.check(Check.equal("admitted up to the cap", accepted, expectedAccepted));
            result.check(Check.equal("extras refused with " + code, rejectedRight, extras));
            result.check(Check.atMost("slowest refusal", rejectTimes.getTotalCount() == 0 ? 0 : Latency.ms(rejectTimes.getMaxValue()),
                    rejectWithinMs, " ms"));
            result.check(Check.atMost("metrics never above the cap", highest, cap, ""));
            result.check(Check.equal("refusals closed with 4429", extra.stream().filter(a -> !a.accepted() && a.closeCode() != 4429).count(), 0));
        }
        long rejectionsAfter = MetricsWatch.number(http.metrics(), "rejections", code);
        result.put("metricsRejectionsDelta", rejectionsAfter - rejectionsBefore);
    }

    /** Connects and pings: a pong means admitted; an error frame (then a close) means refused. */
    private Admission admit(WsClients clients, String origin, long decideMs) throws Exception {
        CompletableFuture<Frame> verdict = new CompletableFuture<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        long start = System.nanoTime();
        long[] decidedAt = new long[1];
        FrameListener listener = new FrameListener() {
            @Override
            public void onFrame(Connection connection, Frame frame, long receivedNanos) {
                if ((frame.is("pong") || frame.is("error")) && !verdict.isDone()) {
                    decidedAt[0] = receivedNanos;
                    verdict.complete(frame);
                }
            }

            @Override
            public void onClose(Connection connection, int code, String reason) {
                closeCode.complete(code);
                verdict.completeExceptionally(new IllegalStateException("closed " + code));
            }
        };
        Connection connection;
        try {
            connection = clients.connect(origin, listener).get(decideMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return new Admission(false, "HANDSHAKE_FAILED", 0, System.nanoTime() - start);
        }
        connection.sendQuietly("{\"type\":\"ping\",\"id\":\"probe\"}");
        Frame frame;
        try {
            frame = verdict.get(decideMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            int code = closeCode.isDone() ? closeCode.join() : 0;
            return new Admission(false, code == 0 ? "NO_ANSWER" : "CLOSED_WITHOUT_ERROR", code, System.nanoTime() - start);
        }
        if (frame.is("pong")) {
            return new Admission(true, null, 0, decidedAt[0] - start);
        }
        int close;
        try {
            close = closeCode.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            close = 0;
        }
        return new Admission(false, frame.code(), close, decidedAt[0] - start);
    }
}
