package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.measure.Latency;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Publishes events over REST, round-robin over jobs, as fast as allowed ({@code rate} 0) or paced at
 * a rate, with at most {@code maxInFlight} requests outstanding. A stamped event carries the
 * publisher's {@link System#nanoTime()} taken just before its POST ({@code payload.sentNanos}); the
 * subscribers run in the same process, so receipt minus that is the publish-to-receipt latency.
 * Warm-ups are stamped too, and their figures dropped afterwards ({@link #forget()} and the
 * subscribers' {@link Latency#discard()}): the harness' JIT then compiles the very path it measures
 * with. Unstamped events (a catch-up's seed) record nothing where they arrive.
 * Remembers every seq the gateway assigned, per job: the deliveries every subscriber must get. A
 * seq acknowledged twice for one job is a conflict: two publishers were told their event is stored
 * under one seq, so one of those events is not what subscribers get.
 */
public final class Publisher {

    public static final String EVENT_TYPE = "loadtest.tick";

    private final GatewayHttp http;
    private final int maxInFlight;
    private final String padding;
    private final Map<String, Set<Long>> seqsByJob = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> highestByJob = new ConcurrentHashMap<>();
    /** Acknowledged publishes per job, warm-up included (never forgotten): what the job's head must be. */
    private final Map<String, AtomicInteger> acknowledgedByJob = new ConcurrentHashMap<>();
    private final AtomicInteger seqConflicts = new AtomicInteger();
    private final Latency publishRtt = new Latency();
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicInteger index = new AtomicInteger();

    public Publisher(GatewayHttp http, int maxInFlight, int payloadBytes) {
        this.http = http;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.padding = "x".repeat(Math.max(0, payloadBytes - 60));
    }

    /**
     * Publishes {@code count} events over {@code jobs}; {@code ratePerSecond} 0 means back to back;
     * {@code stamped}: the payload carries its send time ({@code sentNanos}). {@code afterEach} is
     * told the number acknowledged so far, from a client thread. Returns the achieved rate in
     * events per second.
     */
    public double publish(List<String> jobs, int count, double ratePerSecond, boolean stamped, IntConsumer afterEach)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        double intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        AtomicInteger acknowledged = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            if (intervalNanos > 0) {
                long due = start + (long) (i * intervalNanos);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            String job = jobs.get(i % jobs.size());
            int n = index.incrementAndGet();
            long sent = System.nanoTime();
            String payload = stamped
                    ? "{\"sentNanos\":" + sent + ",\"i\":" + n + ",\"pad\":\"" + padding + "\"}"
                    : "{\"unstamped\":true,\"i\":" + n + ",\"pad\":\"" + padding + "\"}";
            http.publishAsync(job, EVENT_TYPE, payload).whenComplete((reply, error) -> {
                try {
                    acknowledge(job, sent, reply, error);
                    if (afterEach != null) {
                        afterEach.accept(acknowledged.incrementAndGet());
                    }
                } finally {
                    // last: publish() returns once every permit is back, and then every reply must be
                    // accounted for (a caller reads the highest seq at once, to know what to wait for)
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(maxInFlight); // every request answered and accounted for
        inFlight.release(maxInFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds > 0 ? count / seconds : 0;
    }

    /** Accounts for one reply: its seq among the job's, or a failure. */
    private void acknowledge(String job, long sent, GatewayHttp.Published reply, Throwable error) {
        if (reply != null && reply.ok()) {
            publishRtt.recordNanos(System.nanoTime() - sent);
            if (!seqsByJob.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet()).add(reply.seq())) {
                seqConflicts.incrementAndGet();
            }
            acknowledgedByJob.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
            highestByJob.computeIfAbsent(job, j -> new java.util.concurrent.atomic.AtomicLong()).accumulateAndGet(reply.seq(), Math::max);
            published.incrementAndGet();
        } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, reply == null ? String.valueOf(error)
                    : "HTTP " + reply.status() + " " + reply.error());
        }
    }

    /** Seqs the gateway assigned, per job, since the last {@link #forget()}. */
    public Map<String, Set<Long>> seqsByJob() {
        return seqsByJob;
    }

    /** Per job, the highest seq acknowledged: what every subscriber must reach. */
    public Map<String, Long> highestSeqs(List<String> jobs) {
        Map<String, Long> out = new java.util.HashMap<>();
        jobs.forEach(job -> out.put(job, highestSeq(job)));
        return out;
    }

    public long highestSeq(String job) {
        java.util.concurrent.atomic.AtomicLong highest = highestByJob.get(job);
        return highest == null ? 0 : highest.get();
    }

    /** Publishes of the job the gateway acknowledged, since the start (warm-up included). */
    public int acknowledged(String job) {
        AtomicInteger count = acknowledgedByJob.get(job);
        return count == null ? 0 : count.get();
    }

    /** Acknowledgements that repeated a seq already acknowledged for the job (should never happen). */
    public int seqConflicts() {
        return seqConflicts.get();
    }

    /**
     * Starts a new measured window: warm-up seqs are not expected by the drop count, and warm-up
     * round trips are not in {@link #publishRtt()}.
     */
    public void forget() {
        seqsByJob.clear();
        publishRtt.discard();
    }

    public Latency publishRtt() {
        return publishRtt;
    }

    public int published() {
        return published.get();
    }

    public int failed() {
        return failed.get();
    }

    public String firstError() {
        return firstError.get();
    }

    static void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
