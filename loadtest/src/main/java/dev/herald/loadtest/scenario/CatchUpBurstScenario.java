package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.FrameListener;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seeds a job with N events through the REST API, then M fresh subscribers (each on its own, already
 * open, connection) measure the time from sending {@code subscribe} to reading {@code caught-up};
 * each must have received exactly the N events, in order, as replays.
 */
public final class CatchUpBurstScenario implements Scenario {

    @Override
    public String name() {
        return "catch-up-burst";
    }

    @Override
    public String description() {
        return "Seeds a job with eventCount events (REST), then subscriberCount fresh subscribers measure subscribe-to-caught-up; p95 < replayThresholdMs, failures <= maxFailureRatio.";
    }

    /** One measured catch-up. */
    private record Outcome(boolean ok, long nanos, long serverMs, String failure) {
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int events = s.integer("eventCount", 120);
        int subscribers = s.integer("subscriberCount", 50);
        int concurrency = s.integer("concurrency", 1);
        int warmup = s.integer("warmupRounds", 0);
        long thresholdMs = s.longValue("replayThresholdMs", 1_500);
        double maxFailureRatio = s.decimal("maxFailureRatio", 0.01);
        long timeoutMs = s.longValue("timeoutMs", 60_000);
        String job = s.optionalString("jobId").orElseGet(() -> context.newJobId("catchup"));

        long seedStart = System.nanoTime();
        long head = context.http().headSeq(job);
        int missing = (int) Math.max(0, events - head);
        Publisher seeder = new Publisher(context.http(), s.integer("seedConcurrency", 4), s.integer("payloadBytes", 128),
                Publisher.Mode.from(s));
        if (missing > 0) {
            try (var progress = context.progress(() -> "seeding " + seeder.published() + "/" + missing)) {
                seeder.publish(List.of(job), missing, 0, false, null);
            }
            if (seeder.failed() > 0) {
                result.check(Check.equal("seed publishes failed", seeder.failed(), 0)).note("first seed failure: " + seeder.firstError());
                return;
            }
        }
        long seededHead = context.http().headSeq(job);
        long afterSeq = seededHead - events;
        result.put("jobId", job).put("seededEvents", missing).put("seedMs", (System.nanoTime() - seedStart) / 1_000_000)
                .put("headSeq", seededHead);

        Histogram latency = new Histogram(3);
        Histogram serverReported = new Histogram(3);
        Map<String, Integer> failures = new TreeMap<>();
        AtomicInteger done = new AtomicInteger();
        try (WsClients clients = context.clients();
             var progress = context.progress(() -> done.get() + "/" + (warmup + subscribers) + " catch-ups")) {
            for (int round = 0; round < 2; round++) {
                boolean measured = round == 1;
                int n = measured ? subscribers : warmup;
                Semaphore slots = new Semaphore(Math.max(1, concurrency));
                List<CompletableFuture<Outcome>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    slots.acquire();
                    CompletableFuture<Outcome> outcome = catchUp(clients, job, afterSeq, seededHead, timeoutMs)
                            .whenComplete((o, e) -> {
                                slots.release();
                                done.incrementAndGet();
                            });
                    all.add(outcome);
                }
                for (CompletableFuture<Outcome> f : all) {
                    Outcome o = f.join();
                    if (!measured) {
                        continue;
                    }
                    if (o.ok()) {
                        latency.recordValue(o.nanos() / 1_000);
                        if (o.serverMs() >= 0) {
                            serverReported.recordValue(o.serverMs() * 1_000);
                        }
                    } else {
                        failures.merge(o.failure(), 1, Integer::sum);
                    }
                }
                clients.closeAll();
            }
        }
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        double ratio = subscribers == 0 ? 0 : failed / (double) subscribers;
        result.put("eventCount", events).put("subscribers", subscribers).put("warmupRounds", warmup)
                .put("concurrency", concurrency).put("catchUp", Latency.summary(latency))
                .put("serverReportedDuration", Latency.summary(serverReported))
                .put("failures", failed).put("failureReasons", failures);
        result.check(Check.below("catch-up p95", Latency.percentileMs(latency, 95), thresholdMs, " ms"));
        result.check(Check.atMost("failure ratio", ratio, maxFailureRatio, ""));
    }

    /** Connects (not timed), then times subscribe to caught-up and checks what was replayed. */
    private CompletableFuture<Outcome> catchUp(WsClients clients, String job, long afterSeq, long head, long timeoutMs) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long[] sentAt = new long[1];
        FrameListener listener = new FrameListener() {
            long expected = afterSeq + 1;
            String problem;

            @Override
            public void onFrame(Connection connection, Frame frame, long receivedNanos) {
                switch (frame.type()) {
                    case "event" -> {
                        if (frame.seq() != expected && problem == null) {
                            problem = "seq " + frame.seq() + " where " + expected + " was expected";
                        } else if (!frame.replay() && frame.seq() <= head && problem == null) {
                            problem = "stored event not flagged as replay";
                        }
                        expected = frame.seq() + 1;
                    }
                    case "caught-up" -> {
                        if (problem == null && frame.seq() < head) {
                            problem = "caught-up at seq " + frame.seq() + " below head " + head;
                        }
                        if (problem == null && expected <= head) {
                            problem = "caught-up before every event";
                        }
                        long serverMs = frame.durationMs() == Frame.NONE ? -1 : frame.durationMs();
                        outcome.complete(problem == null ? new Outcome(true, receivedNanos - sentAt[0], serverMs, null)
                                : new Outcome(false, 0, -1, problem));
                    }
                    case "error" -> outcome.complete(new Outcome(false, 0, -1, "error " + frame.code()));
                    default -> { }
                }
            }

            @Override
            public void onClose(Connection connection, int code, String reason) {
                outcome.complete(new Outcome(false, 0, -1, "closed " + code));
            }
        };
        return clients.connect(listener).thenCompose(connection -> {
            sentAt[0] = System.nanoTime();
            connection.sendQuietly("{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"afterSeq\":" + afterSeq + "}");
            return outcome;
        }).completeOnTimeout(new Outcome(false, 0, -1, "timeout"), timeoutMs, TimeUnit.MILLISECONDS)
                .exceptionally(e -> new Outcome(false, 0, -1, "connect failed: " + rootMessage(e)));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
