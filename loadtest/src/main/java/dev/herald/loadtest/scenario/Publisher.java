package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.PublishRetry;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Publishes events over REST, round-robin over jobs, as fast as allowed ({@code rate} 0) or paced at
 * a rate, with at most {@code maxInFlight} requests outstanding: one event per request, or batches
 * of {@link Mode#batchSize()} events ({@code POST .../events/batch}, each batch to one job). A
 * stamped event carries the publisher's {@link System#nanoTime()} taken just before its request
 * ({@code payload.sentNanos}); the subscribers run in the same process, so receipt minus that is the
 * publish-to-receipt latency. A caller that measures a burst from its start is told that moment, t0,
 * just before the first request. Warm-ups are stamped too, and their figures dropped afterwards
 * ({@link #forget()} and the subscribers' {@link Latency#discard()}): the harness' JIT then compiles
 * the very path it measures with. Unstamped events (a catch-up's seed) record nothing where they arrive.
 *
 * <p>Every request carries an {@code Idempotency-Key} of its own (this publisher's run id and the
 * request's number) unless keys are off; a keyed request whose fate is unknown is sent again with
 * the same key ({@link PublishRetry}). The gateway answers a repeat of a stored request with the
 * first reply, marked replayed: counted as a replay, its events once, as acknowledged by that reply.
 * A {@code 409} means the harness sent one key with two bodies: a bug, counted apart.
 *
 * <p>Remembers every seq the gateway assigned, per job: the deliveries every subscriber must get. A
 * seq acknowledged twice for one job is a conflict: two publishers were told their event is stored
 * under one seq, so one of those events is not what subscribers get.
 */
public final class Publisher {

    public static final String EVENT_TYPE = "loadtest.tick";

    /**
     * How requests go out: {@code batchSize} events each (0: one event on the single-event endpoint),
     * with keys or without, and how often a keyed one may be retried.
     */
    public record Mode(int batchSize, boolean idempotencyKeys, PublishRetry retry) {

        public static final int MAX_BATCH = 1000;

        /** One event per request, no key, no retry (the harness before keys). */
        public static final Mode PLAIN = new Mode(0, false, PublishRetry.NONE);

        public Mode {
            if (batchSize < 0 || batchSize > MAX_BATCH) {
                throw new ConfigException("batch must be 1 to " + MAX_BATCH + " events (0: single publishes), got " + batchSize);
            }
            if (!idempotencyKeys) {
                retry = PublishRetry.NONE; // a repeat without a key could store the event twice
            }
        }

        /** {@code batch}, {@code idempotencyKeys} (default on), {@code publishRetries} (3), {@code retryBackoffMs} (100). */
        public static Mode from(Settings s) {
            boolean keys = s.flag("idempotencyKeys", true);
            PublishRetry retry = keys ? new PublishRetry(s.integer("publishRetries", 3), s.longValue("retryBackoffMs", 100))
                    : PublishRetry.NONE;
            return new Mode(s.integer("batch", 0), keys, retry);
        }

        boolean batched() {
            return batchSize > 0;
        }
    }

    /**
     * What one {@link #publish} call did: events asked for, events acknowledged, requests sent; when
     * it started (t0, just before the first request), when the last acknowledgement came, when all
     * replies were in.
     */
    public record Run(int events, int acknowledged, int requests, long startNanos, long lastAckNanos, long endNanos) {

        /** Events asked for per second, start to the last reply (the pace a paced run achieved). */
        public double ratePerSecond() {
            double seconds = (endNanos - startNanos) / 1e9;
            return seconds > 0 ? events / seconds : 0;
        }

        /** t0 to the last acknowledgement, in nanoseconds (0 when nothing was acknowledged). */
        public long durationToLastAckNanos() {
            return acknowledged == 0 ? 0 : lastAckNanos - startNanos;
        }

        /** Acknowledged events per second, t0 to the last acknowledgement. */
        public double acknowledgedPerSecond() {
            long nanos = durationToLastAckNanos();
            return nanos > 0 ? acknowledged * 1e9 / nanos : 0;
        }
    }

    private final GatewayHttp http;
    private final int maxInFlight;
    private final String padding;
    private final Mode mode;
    /** Unique per publisher: with the request number, a key no other run uses. */
    private final String runId;
    private final Map<String, Set<Long>> seqsByJob = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> highestByJob = new ConcurrentHashMap<>();
    /** Acknowledged events per job, warm-up included (never forgotten): what the job's head must be. */
    private final Map<String, AtomicInteger> acknowledgedByJob = new ConcurrentHashMap<>();
    private final AtomicInteger seqConflicts = new AtomicInteger();
    private final Latency publishRtt = new Latency();
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private final AtomicInteger keyConflicts = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicInteger eventIndex = new AtomicInteger();
    private final AtomicInteger requestIndex = new AtomicInteger();

    public Publisher(GatewayHttp http, int maxInFlight, int payloadBytes) {
        this(http, maxInFlight, payloadBytes, Mode.PLAIN);
    }

    public Publisher(GatewayHttp http, int maxInFlight, int payloadBytes, Mode mode) {
        this(http, maxInFlight, payloadBytes, mode, "pad");
    }

    /**
     * @param payloadText what fills the payload: {@code pad} (one repeated letter, the default) or
     *                    {@code words} (words drawn from a small vocabulary, as a log or a description
     *                    reads: what compression meets in real events, not the best case)
     */
    public Publisher(GatewayHttp http, int maxInFlight, int payloadBytes, Mode mode, String payloadText) {
        this.http = http;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.padding = padding(Math.max(0, payloadBytes - 60), payloadText);
        this.mode = mode;
        this.runId = "lt-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    private static final String[] WORDS = ("job step chapter render upload queued running completed failed retry "
            + "worker node region eu west us east page section frame batch the of and to in for with 0 1 2 3 4 5 6 7 "
            + "8 9 12 42 128 2048 ms percent status progress output input model token cache hit miss").split(" ");

    static String padding(int bytes, String kind) {
        return switch (kind) {
            case "pad" -> "x".repeat(bytes);
            case "words" -> {
                java.util.Random random = new java.util.Random(bytes);
                StringBuilder text = new StringBuilder(bytes + 16);
                while (text.length() < bytes) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ", " : " ");
                }
                text.setLength(bytes);
                yield text.toString();
            }
            default -> throw new dev.herald.loadtest.config.ConfigException("payloadText must be pad or words, got \"" + kind + "\"");
        };
    }

    public Mode mode() {
        return mode;
    }

    public Run publish(List<String> jobs, int count, double ratePerSecond, boolean stamped, IntConsumer afterEach)
            throws InterruptedException {
        return publish(jobs, count, ratePerSecond, stamped, afterEach, null);
    }

    /**
     * Publishes {@code count} events over {@code jobs}; {@code ratePerSecond} 0 means back to back;
     * {@code stamped}: the payload carries its request's send time ({@code sentNanos}). {@code onStart}
     * is told t0 just before the first request; {@code afterEach} the number of events acknowledged so
     * far, from a client thread. Returns once every request is answered and accounted for.
     */
    public Run publish(List<String> jobs, int count, double ratePerSecond, boolean stamped, IntConsumer afterEach,
                       LongConsumer onStart) throws InterruptedException {
        int perRequest = mode.batched() ? mode.batchSize() : 1;
        int requests = (count + perRequest - 1) / perRequest;
        Semaphore inFlight = new Semaphore(maxInFlight);
        double intervalNanos = ratePerSecond > 0 ? 1e9 * perRequest / ratePerSecond : 0;
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicLong lastAck = new AtomicLong();
        long start = System.nanoTime();
        if (onStart != null) {
            onStart.accept(start);
        }
        for (int r = 0; r < requests; r++) {
            if (intervalNanos > 0) {
                long due = start + (long) (r * intervalNanos);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            String job = jobs.get(r % jobs.size());
            int size = Math.min(perRequest, count - r * perRequest);
            String key = mode.idempotencyKeys() ? key(requestIndex.incrementAndGet()) : null;
            long sent = System.nanoTime();
            Supplier<CompletableFuture<GatewayHttp.Published>> request = request(job, size, stamped, sent, key);
            mode.retry().send(request).whenComplete((outcome, error) -> {
                try {
                    int events = acknowledge(job, size, sent, outcome, error);
                    if (events > 0) {
                        lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    int total = acknowledged.addAndGet(events);
                    if (afterEach != null && events > 0) {
                        afterEach.accept(total);
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
        return new Run(count, acknowledged.get(), requests, start, lastAck.get(), System.nanoTime());
    }

    /** The request, built once: a retry sends the very same body under the same key. */
    private Supplier<CompletableFuture<GatewayHttp.Published>> request(String job, int size, boolean stamped, long sent, String key) {
        if (!mode.batched()) {
            String payload = payload(stamped, sent);
            return () -> http.publishAsync(job, EVENT_TYPE, payload, key);
        }
        List<String> payloads = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            payloads.add(payload(stamped, sent));
        }
        return () -> http.publishBatchAsync(job, EVENT_TYPE, payloads, key);
    }

    private String payload(boolean stamped, long sent) {
        int n = eventIndex.incrementAndGet();
        return stamped
                ? "{\"sentNanos\":" + sent + ",\"i\":" + n + ",\"pad\":\"" + padding + "\"}"
                : "{\"unstamped\":true,\"i\":" + n + ",\"pad\":\"" + padding + "\"}";
    }

    /** The key of request {@code n}: 1 to 128 characters of [A-Za-z0-9._:-]. */
    String key(int n) {
        return runId + "-" + n;
    }

    /** Accounts for one request's final reply: its seqs among the job's, or a failure. Returns the events acknowledged. */
    private int acknowledge(String job, int size, long sent, PublishRetry.Outcome outcome, Throwable error) {
        GatewayHttp.Published reply = outcome == null ? null : outcome.reply();
        if (outcome != null) {
            retries.addAndGet(outcome.retries());
        }
        if (reply != null && reply.ok() && reply.count() == size) {
            publishRtt.recordNanos(System.nanoTime() - sent);
            if (reply.replayed()) {
                replays.incrementAndGet();
            }
            Set<Long> seqs = seqsByJob.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet());
            for (long seq = reply.firstSeq(); seq <= reply.lastSeq(); seq++) {
                if (!seqs.add(seq)) {
                    seqConflicts.incrementAndGet();
                }
            }
            acknowledgedByJob.computeIfAbsent(job, j -> new AtomicInteger()).addAndGet(size);
            highestByJob.computeIfAbsent(job, j -> new AtomicLong()).accumulateAndGet(reply.lastSeq(), Math::max);
            published.addAndGet(size);
            return size;
        }
        failed.addAndGet(size);
        if (reply != null && reply.status() == 409) {
            keyConflicts.incrementAndGet();
        }
        firstError.compareAndSet(null, reply == null ? String.valueOf(error)
                : reply.ok() ? "a reply acknowledged " + reply.count() + " events of a request of " + size
                : "HTTP " + reply.status() + " " + reply.error());
        return 0;
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
        AtomicLong highest = highestByJob.get(job);
        return highest == null ? 0 : highest.get();
    }

    /** Events of the job the gateway acknowledged, since the start (warm-up included). */
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

    /** Events whose request failed for good (after its retries). */
    public int failed() {
        return failed.get();
    }

    /** Requests sent again after no answer or a 5xx. */
    public int retries() {
        return retries.get();
    }

    /** Final replies that were the stored answer to an earlier attempt ({@code Idempotent-Replayed: true}). */
    public int replays() {
        return replays.get();
    }

    /** {@code 409} replies: one key sent with two bodies, a harness bug. */
    public int keyConflicts() {
        return keyConflicts.get();
    }

    public String firstError() {
        return firstError.get();
    }

    static void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
