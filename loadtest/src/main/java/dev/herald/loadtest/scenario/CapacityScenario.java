package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Holds K connections, each subscribed to one of J jobs, measures the gateway's heap per held
 * connection, then publishes in steps at a rising rate until a step's delivery p99 exceeds the bound
 * (or the publisher or the deliveries cannot keep up). Reports the highest sustained deliveries per
 * second and where it broke.
 *
 * <p>With {@code hotConnectionCount} > 0 the load is mixed, as on a gateway where most browsers
 * watch quiet jobs: that many of the K connections follow {@code hotJobCount} hot jobs, which get
 * every event published, and the others are spread over the J jobs and receive nothing. It tells
 * what the held connections cost the busy ones.
 */
public final class CapacityScenario implements Scenario {

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String description() {
        return "Hold connectionCount connections over jobCount jobs; heap per connection from /metrics; publish at a rising rate until p99 > p99BoundMs; report the highest sustained deliveries/s (gateway: SOCKET_MAX_CONNECTIONS >= connectionCount); warmupEvents: untimed events at startRate first; hotConnectionCount > 0: that many follow hotJobCount (default 1) jobs that get every event, the others stay idle.";
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int connections = s.integer("connectionCount", 10_000);
        int jobCount = s.integer("jobCount", 20);
        double rate = s.decimal("startRate", 50);
        double factor = s.decimal("rateFactor", 1.5);
        double maxRate = s.decimal("maxRate", 20_000);
        long stepMs = s.longValue("stepMs", 10_000);
        long drainMs = s.longValue("drainMs", 3_000);
        double p99Bound = s.decimal("p99BoundMs", 100);
        int minConnections = s.integer("minConnections", connections);
        double minDeliveries = s.decimal("minDeliveriesPerSecond", 0);
        double maxHeapKiB = s.decimal("maxHeapPerConnectionKiB", 0);
        int hotConnections = s.integer("hotConnectionCount", 0);
        int hotJobCount = s.integer("hotJobCount", 1);
        if (hotConnections < 0 || hotConnections >= connections || hotJobCount < 1) {
            throw new IllegalArgumentException("hotConnectionCount must be 0 or less than connectionCount ("
                    + connections + "), hotJobCount at least 1");
        }
        HeapProbe heap = new HeapProbe(context.http(), s.optionalString("heapSampleCommand").orElse(null));

        Map<String, Long> afterSeq = new HashMap<>();
        List<String> jobs = newJobs(context, "capacity", jobCount, afterSeq);
        List<String> hotJobs = hotConnections > 0 ? newJobs(context, "capacity-hot", hotJobCount, afterSeq) : List.of();
        List<String> published = hotConnections > 0 ? hotJobs : jobs;
        Latency latency = new Latency();
        Publisher publisher = new Publisher(context.http(), s.integer("publishConcurrency", 64), s.integer("payloadBytes", 128),
                Publisher.Mode.from(s));
        long heapBefore = heap.usedHeap();
        try (WsClients clients = context.clients()) {
            clients.keepAlive(Duration.ofMillis(s.longValue("pingIntervalMs", 60_000)));
            Audience audience = new Audience(clients, latency);
            long joinStart = System.nanoTime();
            try (var progress = context.progress(() -> audience.size() + "/" + connections + " connections, " + audience.errors())) {
                int connectConcurrency = s.integer("connectConcurrency", 200);
                long joinTimeoutMs = s.longValue("joinTimeoutMs", 60_000);
                BooleanSupplier healthy = () -> audience.unexpectedCloses() + audience.errors().size() < 1_000;
                if (hotConnections > 0) {
                    audience.join(hotJobs, afterSeq, hotConnections, connectConcurrency, joinTimeoutMs, healthy);
                }
                audience.join(jobs, afterSeq, connections - hotConnections, connectConcurrency, joinTimeoutMs, healthy);
            }
            int held = audience.connected();
            long joinMs = (System.nanoTime() - joinStart) / 1_000_000;
            Thread.sleep(s.longValue("settleMs", 2_000));
            long heapHeld = heap.usedHeap();
            Map<String, Object> heapReport = new LinkedHashMap<>();
            heapReport.put("gcForced", heap.forcesGc());
            heapReport.put("usedBeforeBytes", heapBefore);
            heapReport.put("usedWithConnectionsBytes", heapHeld);
            double perConnectionKiB = -1;
            if (heapBefore > 0 && heapHeld > 0 && held > 0) {
                perConnectionKiB = Math.round((heapHeld - heapBefore) / (double) held / 1024.0 * 100) / 100.0;
                heapReport.put("perIdleConnectionKiB", perConnectionKiB);
            }
            result.put("connectionsRequested", connections).put("connectionsHeld", held).put("connectMs", joinMs)
                    .put("jobs", jobCount).put("hotConnections", hotConnections).put("hotJobs", hotJobs.size()).put("heap", heapReport).put("joinErrors", audience.errors());
            if (!heap.forcesGc()) {
                result.note("heap per connection without a forced GC (no heapSampleCommand): an upper bound, garbage included");
            }

            int warmupEvents = s.integer("warmupEvents", 0);
            if (warmupEvents > 0) {
                // untimed, at the first step's rate: the JIT of both processes meets this load before it is measured
                publisher.publish(published, warmupEvents, rate, true, null);
                audience.awaitComplete(publisher.highestSeqs(published), drainMs);
                publisher.forget();
                latency.discard();
                result.put("warmupEvents", warmupEvents);
            }

            List<Map<String, Object>> steps = new ArrayList<>();
            double bestDeliveries = 0;
            Map<String, Object> broke = null;
            int[] stepNo = {0};
            double[] currentRate = {rate};
            try (var progress = context.progress(() -> "step " + stepNo[0] + " at " + Math.round(currentRate[0]) + " events/s: "
                    + audience.deliveries() + " delivered")) {
                while (held > 0 && rate <= maxRate) {
                    stepNo[0]++;
                    currentRate[0] = rate;
                    int count = (int) Math.max(1, Math.round(rate * stepMs / 1000.0));
                    long deliveredBefore = latency.total().getTotalCount();
                    latency.interval();
                    long stepStart = System.nanoTime();
                    StepTimeline timeline = StepTimeline.start(latency);
                    double achieved = publisher.publish(published, count, rate, true, null).ratePerSecond();
                    boolean drained = audience.awaitComplete(publisher.highestSeqs(published), drainMs);
                    List<Map<String, Object>> seconds = timeline.stop();
                    long stepNanos = System.nanoTime() - stepStart;
                    Histogram interval = latency.interval();
                    long delivered = latency.total().getTotalCount() - deliveredBefore;
                    double perSecond = delivered / (stepNanos / 1e9);
                    double p99 = Latency.percentileMs(interval, 99);
                    Map<String, Object> step = new LinkedHashMap<>();
                    step.put("step", stepNo[0]);
                    step.put("targetEventsPerSecond", Math.round(rate));
                    step.put("achievedEventsPerSecond", Math.round(achieved));
                    step.put("deliveriesPerSecond", Math.round(perSecond));
                    step.put("deliveries", delivered);
                    step.put("drained", drained);
                    step.put("latency", Latency.summary(interval));
                    step.put("timeline", seconds);
                    steps.add(step);
                    String reason = null;
                    if (p99 > p99Bound) {
                        reason = "p99 " + p99 + " ms > " + p99Bound + " ms";
                    } else if (!drained) {
                        reason = "deliveries not complete " + drainMs + " ms after the step";
                    } else if (achieved < rate * 0.9) {
                        reason = "publisher reached only " + Math.round(achieved) + " of " + Math.round(rate) + " events/s";
                    } else if (publisher.failed() > 0) {
                        reason = "publish failures: " + publisher.firstError();
                    } else if (audience.unexpectedCloses() > 0) {
                        reason = audience.unexpectedCloses() + " connections closed by the gateway " + audience.errors();
                    }
                    if (reason != null) {
                        broke = new LinkedHashMap<>(step);
                        broke.remove("timeline"); // in the step itself
                        broke.put("reason", reason);
                        break;
                    }
                    bestDeliveries = Math.max(bestDeliveries, perSecond);
                    rate *= factor;
                }
            }
            audience.awaitComplete(publisher.highestSeqs(published), drainMs * 3);
            long drops = audience.drops(publisher.seqsByJob());
            result.put("steps", steps).put("highestSustainedDeliveriesPerSecond", Math.round(bestDeliveries))
                    .put("brokeAt", broke == null ? "not reached (maxRate " + Math.round(maxRate) + ")" : broke)
                    .put("latency", Latency.summary(latency.total()))
                    .put("drops", drops).put("duplicates", audience.duplicates()).put("outOfOrder", audience.outOfOrder())
                    .put("publishFailures", publisher.failed()).put("unexpectedCloses", audience.unexpectedCloses());
            result.check(Check.atLeast("connections held", held, minConnections, ""));
            result.check(Check.atMost("drops", drops, 0, ""));
            result.check(Check.atMost("duplicates", audience.duplicates(), 0, ""));
            if (minDeliveries > 0) {
                result.check(Check.atLeast("sustained deliveries/s with p99 <= " + p99Bound + " ms", bestDeliveries, minDeliveries, ""));
            }
            if (maxHeapKiB > 0 && perConnectionKiB >= 0) {
                result.check(Check.atMost("heap per connection", perConnectionKiB, maxHeapKiB, " KiB"));
            }
            audience.leave();
        }
    }

    private static List<String> newJobs(ScenarioContext context, String prefix, int count, Map<String, Long> afterSeq) {
        List<String> jobs = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            String job = context.newJobId(prefix) + "-" + j;
            jobs.add(job);
            afterSeq.put(job, 0L);
        }
        return jobs;
    }
}
