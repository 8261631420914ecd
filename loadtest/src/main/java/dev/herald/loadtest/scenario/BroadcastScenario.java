package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.BurstOrigin;
import dev.herald.loadtest.measure.Latency;
import dev.herald.loadtest.measure.ProcessCpu;
import dev.herald.loadtest.redis.BrokerReset;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * C subscribers follow a job; E events are published (back to back, or paced at a rate, one per
 * request or in batches); every delivery's latency is publish (just before its POST) to receipt.
 * With {@code burst}, every event is issued at once (up to {@code publishConcurrency} requests in
 * flight) and the latency reported is the one a user of the burst sees: from t0, the moment the
 * burst was issued, to receipt (the per-POST figure stays, as {@code latencyFromPost}). Counts
 * deliveries, drops (seqs the publisher was given that a subscriber never got), duplicates and
 * out-of-order arrivals, and checks at the end that the job's head equals the acknowledged events.
 * Given the gateway's pid, reports its CPU time per published event over the measured part.
 * {@code broker-outage} is the same run with the pub/sub broker taken away after N publishes:
 * nothing may be lost, and live delivery must recover within a bound.
 */
public final class BroadcastScenario implements Scenario {

    private final boolean outage;

    private BroadcastScenario(boolean outage) {
        this.outage = outage;
    }

    public static BroadcastScenario burst() {
        return new BroadcastScenario(false);
    }

    public static BroadcastScenario brokerOutage() {
        return new BroadcastScenario(true);
    }

    @Override
    public String name() {
        return outage ? "broker-outage" : "broadcast-burst";
    }

    @Override
    public String description() {
        return outage
                ? "broadcast-burst while the harness bounces Redis after redisResetAfter publishes (redisResetMode: command, kill-pubsub, debug-sleep); zero drops, recovery within recoveryThresholdMs."
                : "clientCount subscribers on a job, eventCount events published as fast as allowed (or at ratePerSecond; with burst: all at once, latency from the burst's start); latency p95 < latencyThresholdMs, zero drops, duplicates, out-of-order; the job's stored events equal the acknowledged events.";
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        BrokerReset reset = null;
        if (outage) {
            reset = BrokerReset.choose(s.optionalString("redisResetMode").orElse("auto"), s.optionalString("redisUrl").orElse(null),
                    s.optionalString("redisResetCommand").orElse(null), s.longValue("redisResetDelayMs", 1_500));
            if (reset == null || s.flag("skipRedisReset", false)) {
                result.skipped("no broker to bounce: give --redis-url (kill-pubsub, debug-sleep) or --redis-reset-command");
                return;
            }
        }
        int clientCount = s.integer("clientCount", 200);
        int eventCount = s.integer("eventCount", 100);
        int jobCount = s.integer("jobCount", 1);
        double rate = s.decimal("ratePerSecond", outage ? 40 : 0);
        boolean burst = !outage && s.flag("burst", false);
        if (burst && rate > 0) {
            throw new ConfigException("burst issues every event at once: it takes no ratePerSecond");
        }
        int inFlight = s.integer("publishConcurrency", burst ? 16 : rate > 0 ? 32 : 1);
        Publisher.Mode mode = Publisher.Mode.from(s);
        long gatewayPid = s.longValue("gatewayPid", 0);
        ProcessCpu gatewayCpu = gatewayPid > 0 ? gatewayCpu(gatewayPid) : null;
        int warmupEvents = s.integer("warmupEvents", 0);
        // a burst's latency includes its whole publish (the last event waits for the others): a wider default
        double p95Limit = s.decimal("latencyThresholdMs", outage ? 0 : burst ? 1000 : 500);
        double p99Limit = s.decimal("p99ThresholdMs", 0);
        // a paced run's latency says little if the publisher could not keep the pace it was given
        // (the outage drill paces only to spread its publishes around the outage: not checked)
        double minRateFraction = s.decimal("minRateFraction", outage ? 0 : 0.95);
        long maxDrops = s.longValue("maxDrops", 0);
        long maxDuplicates = s.longValue("maxDuplicates", 0);
        long maxOutOfOrder = s.longValue("maxOutOfOrder", 0);
        long settleMs = s.longValue("settleTimeoutMs", outage ? 30_000 : 15_000);
        int resetAfter = s.integer("redisResetAfter", Math.max(1, eventCount / 3));
        long recoveryLimitMs = s.longValue("recoveryThresholdMs", 3_000);

        List<String> jobs = new ArrayList<>();
        Map<String, Long> afterSeq = new HashMap<>();
        for (int j = 0; j < jobCount; j++) {
            String job = context.newJobId(outage ? "outage" : "broadcast") + (jobCount > 1 ? "-" + j : "");
            jobs.add(job);
            afterSeq.put(job, 0L);
        }
        Latency latency = new Latency();
        BurstOrigin origin = burst ? new BurstOrigin() : null;
        Publisher publisher = new Publisher(context.http(), inFlight, s.integer("payloadBytes", 128), mode,
                s.string("payloadText", "pad"));
        try (WsClients clients = context.clients()) {
            clients.keepAlive(Duration.ofMillis(s.longValue("pingIntervalMs", 30_000)));
            Audience audience = new Audience(clients, latency, origin);
            long joinStart = System.nanoTime();
            int joined;
            try (var progress = context.progress(() -> audience.size() + "/" + clientCount + " subscribers joining")) {
                joined = audience.join(jobs, afterSeq, clientCount, s.integer("connectConcurrency", 64),
                        s.longValue("joinTimeoutMs", 30_000), () -> true);
            }
            result.put("subscribers", joined).put("jobs", jobs.size()).put("joinMs", (System.nanoTime() - joinStart) / 1_000_000);
            if (joined < clientCount) {
                result.check(Check.equal("subscribers joined", joined, clientCount)).put("errors", audience.errors());
                audience.leave();
                return;
            }
            if (warmupEvents > 0) {
                // stamped like the measured events, so both processes' JIT meets the measured path
                publisher.publish(jobs, warmupEvents, rate, true, null);
                audience.awaitComplete(publisher.highestSeqs(jobs), settleMs);
                publisher.forget();
                latency.discard();
                result.put("warmupEvents", warmupEvents);
            }

            OutageRun outageRun = outage ? new OutageRun(reset, context, publisher, audience, jobs) : null;
            long publishStart = System.nanoTime();
            long cpuBefore = gatewayCpu == null ? 0 : gatewayCpu.cpuNanos();
            Publisher.Run run;
            try (var progress = context.progress(() -> publisher.published() + "/" + eventCount + " published, "
                    + audience.deliveries() + " delivered" + (outageRun != null ? ", outage " + outageRun.state() : ""))) {
                run = publisher.publish(jobs, eventCount, rate, true,
                        outageRun == null ? null : n -> {
                            if (n >= resetAfter) { // a batch may step over it
                                outageRun.start();
                            }
                        }, origin == null ? null : origin::start);
                long publishedAt = System.nanoTime();
                if (outageRun != null) {
                    outageRun.awaitEnd(settleMs);
                }
                boolean complete = audience.awaitComplete(publisher.highestSeqs(jobs), settleMs);
                long lastDelivery = System.nanoTime();
                if (gatewayCpu != null) {
                    result.put("gatewayCpu", cpuReport(gatewayCpu, gatewayCpu.cpuNanos() - cpuBefore, lastDelivery - publishStart,
                            run.acknowledged()));
                }
                result.put("deliveryCompleteMs", (lastDelivery - publishedAt) / 1_000_000).put("complete", complete);
                long measuredDeliveries = latency.total().getTotalCount();
                double seconds = (lastDelivery - publishStart) / 1e9;
                result.put("deliveriesPerSecond", seconds > 0 ? Math.round(measuredDeliveries / seconds) : 0);
            }
            Histogram fromPost = latency.total();
            // a burst's user waits from the moment it was issued, not from each event's own POST
            Histogram total = origin != null ? origin.latency().total() : fromPost;
            double achieved = run.ratePerSecond();
            // every acknowledged event stored once, and nothing stored that was not acknowledged:
            // a fresh job's head is the number of its acknowledged publishes
            long stored = 0;
            long acknowledged = 0;
            for (String job : jobs) {
                stored += context.http().headSeq(job);
                acknowledged += publisher.acknowledged(job);
            }
            long expected = 0;
            Map<String, Integer> perJob = audience.perJob();
            for (String job : jobs) {
                expected += (long) publisher.seqsByJob().getOrDefault(job, Set.of()).size() * perJob.getOrDefault(job, 0);
            }
            long drops = audience.drops(publisher.seqsByJob());
            result.put("eventsPublished", publisher.published()).put("publishFailures", publisher.failed())
                    .put("publishRatePerSecond", Math.round(achieved))
                    .put("burst", burst).put("batchSize", mode.batchSize()).put("requests", run.requests())
                    .put("publishDurationMs", Math.round(run.durationToLastAckNanos() / 1e3) / 1e3)
                    .put("acknowledgedEventsPerSecond", Math.round(run.acknowledgedPerSecond()))
                    .put("idempotencyKeys", mode.idempotencyKeys()).put("retriesSent", publisher.retries())
                    .put("idempotentReplays", publisher.replays()).put("idempotencyKeyConflicts", publisher.keyConflicts())
                    .put("publishRtt", Latency.summary(publisher.publishRtt().total()))
                    .put("expectedDeliveries", expected).put("deliveries", total.getTotalCount())
                    .put("drops", drops).put("duplicates", audience.duplicates()).put("outOfOrder", audience.outOfOrder())
                    .put("latency", Latency.summary(total)).put("errors", audience.errors())
                    .put("unexpectedCloses", audience.unexpectedCloses())
                    .put("eventsStored", stored).put("seqConflicts", publisher.seqConflicts());
            if (origin != null) {
                result.put("latencyFromPost", Latency.summary(fromPost));
            }
            if (publisher.firstError() != null) {
                result.note("first publish failure: " + publisher.firstError());
            }
            if (p95Limit > 0) {
                result.check(Check.below("latency p95", Latency.percentileMs(total, 95), p95Limit, " ms"));
            }
            if (p99Limit > 0) {
                result.check(Check.atMost("latency p99", Latency.percentileMs(total, 99), p99Limit, " ms"));
            }
            if (rate > 0 && minRateFraction > 0) {
                result.check(Check.atLeast("publish rate", Math.round(achieved), Math.floor(rate * minRateFraction), " events/s"));
            }
            result.check(Check.atMost("drops", drops, maxDrops, ""));
            result.check(Check.atMost("duplicates", audience.duplicates(), maxDuplicates, ""));
            result.check(Check.atMost("out of order", audience.outOfOrder(), maxOutOfOrder, ""));
            result.check(Check.equal("publish failures", publisher.failed(), 0));
            result.check(Check.equal("seqs acknowledged twice", publisher.seqConflicts(), 0));
            result.check(Check.equal("idempotency keys reused with another body (409)", publisher.keyConflicts(), 0));
            if (publisher.failed() == 0) { // a failed publish may or may not have been stored
                result.check(Check.equal("events stored", stored, acknowledged));
            }
            result.check(Check.equal("subscribers closed by the gateway", audience.unexpectedCloses(), 0));
            if (outageRun != null) {
                outageRun.report(result, recoveryLimitMs);
            }
            if (publisher.keyConflicts() > 0) {
                // the gateway saw one key with two bodies: the harness broke its own keys, its figures are void
                result.error("harness bug: " + publisher.keyConflicts() + " publishes answered 409 IDEMPOTENCY_KEY_REUSED");
            }
            audience.leave();
        }
    }

    private static ProcessCpu gatewayCpu(long pid) {
        try {
            return ProcessCpu.of(pid);
        } catch (RuntimeException e) {
            throw new ConfigException("gatewayPid " + pid + ": " + e.getMessage());
        }
    }

    /** The gateway's CPU over the measured part, in all and per acknowledged event. */
    static Map<String, Object> cpuReport(ProcessCpu cpu, long cpuNanos, long wallNanos, long events) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pid", cpu.pid());
        out.put("clockTicksPerSecond", cpu.ticksPerSecond());
        out.put("cpuMs", cpuNanos / 1_000_000);
        out.put("wallMs", wallNanos / 1_000_000);
        out.put("coresBusy", wallNanos > 0 ? Math.round(100.0 * cpuNanos / wallNanos) / 100.0 : 0);
        out.put("events", events);
        out.put("cpuMsPerEvent", events > 0 ? Math.round(cpuNanos / 100.0 / events) / 1e4 : 0); // 0.1 µs resolution
        return out;
    }


    /**
     * The outage, on its own thread: bounce the broker, then measure recovery, the time from the
     * broker being back (the reset returned) until every subscriber holds, with no gap, the first
     * event acknowledged after that moment (or the last event, when publishing was over by then).
     */
    private static final class OutageRun {
        private final BrokerReset reset;
        private final ScenarioContext context;
        private final Publisher publisher;
        private final Audience audience;
        private final List<String> jobs;
        private final AtomicBoolean started = new AtomicBoolean();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final AtomicReference<String> state = new AtomicReference<>("pending");
        private final AtomicLong startNanos = new AtomicLong();
        private final AtomicLong endNanos = new AtomicLong();
        private final AtomicLong recoveredNanos = new AtomicLong();
        private final AtomicLong busBackNanos = new AtomicLong();
        private volatile Map<String, Object> facts = Map.of();
        private volatile String failure;
        private volatile long reconnectsBefore = -1;

        OutageRun(BrokerReset reset, ScenarioContext context, Publisher publisher, Audience audience, List<String> jobs) {
            this.reset = reset;
            this.context = context;
            this.publisher = publisher;
            this.audience = audience;
            this.jobs = jobs;
            try {
                reconnectsBefore = MetricsWatch.number(context.http().metrics(), "eventBus", "reconnects");
            } catch (RuntimeException e) {
                reconnectsBefore = -1; // metrics not readable: recovery is still measured from deliveries
            }
        }

        String state() {
            return state.get();
        }

        void start() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            Thread thread = new Thread(this::perform, "broker-outage");
            thread.setDaemon(true);
            thread.start();
        }

        private void perform() {
            try {
                state.set("in progress");
                startNanos.set(System.nanoTime());
                facts = reset.perform();
                endNanos.set(System.nanoTime());
                Map<String, Long> ackedAtEnd = publisher.highestSeqs(jobs);
                state.set("broker back, recovering");
                watchRecovery(ackedAtEnd);
            } catch (Exception e) {
                failure = e.getMessage();
                state.set("failed");
            } finally {
                ended.complete(null);
            }
        }

        private void watchRecovery(Map<String, Long> ackedAtEnd) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && (recoveredNanos.get() == 0 || busBackNanos.get() == 0)) {
                if (recoveredNanos.get() == 0) {
                    Map<String, Long> target = recoveryTarget(ackedAtEnd);
                    if (target != null && audience.complete(target)) {
                        recoveredNanos.set(System.nanoTime());
                        state.set("recovered");
                    }
                }
                if (busBackNanos.get() == 0 && reconnectsBefore >= 0) {
                    try {
                        if (MetricsWatch.number(context.http().metrics(), "eventBus", "reconnects") > reconnectsBefore) {
                            busBackNanos.set(System.nanoTime());
                        }
                    } catch (RuntimeException e) {
                        // try again at the next round
                    }
                } else if (reconnectsBefore < 0) {
                    busBackNanos.set(-1);
                }
                Thread.sleep(5);
            }
        }

        private volatile boolean publishingDone;

        /** Per job: the first seq acknowledged after the broker came back, or the last one once publishing is over. */
        private Map<String, Long> recoveryTarget(Map<String, Long> ackedAtEnd) {
            Map<String, Long> target = new HashMap<>();
            for (String job : jobs) {
                long atEnd = ackedAtEnd.get(job);
                long now = publisher.highestSeq(job);
                if (now > atEnd) {
                    target.put(job, atEnd + 1);
                } else if (publishingDone) {
                    target.put(job, now);
                } else {
                    return null; // not known yet: nothing acknowledged since the broker came back
                }
            }
            return target;
        }

        void awaitEnd(long timeoutMs) {
            publishingDone = true;
            ended.completeOnTimeout(null, timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS).join();
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (recoveredNanos.get() == 0 && failure == null && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void report(ScenarioResult result, long recoveryLimitMs) {
            Map<String, Object> out = new java.util.LinkedHashMap<>(facts);
            out.put("how", reset.describe());
            result.put("outage", out);
            if (failure != null) {
                result.error("the broker reset failed: " + failure);
                return;
            }
            if (!started.get()) {
                result.error("the outage never started (redisResetAfter beyond the published events?)");
                return;
            }
            long durationMs = (endNanos.get() - startNanos.get()) / 1_000_000;
            out.put("resetDurationMs", durationMs);
            if (busBackNanos.get() > 0) {
                out.put("busReconnectedAfterMs", (busBackNanos.get() - startNanos.get()) / 1_000_000);
            }
            long recoveryMs = recoveredNanos.get() == 0 ? -1 : (recoveredNanos.get() - endNanos.get()) / 1_000_000;
            result.put("recoveryMs", recoveryMs);
            result.check(Check.that("recovered", recoveryMs >= 0, "all subscribers live again", recoveryMs >= 0 ? "yes" : "no"));
            if (recoveryMs >= 0) {
                result.check(Check.atMost("recovery time", recoveryMs, recoveryLimitMs, " ms"));
            }
        }
    }
}
