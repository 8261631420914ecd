package dev.herald.application.service.operations;

import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.retention.RetentionPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: the measurement behind docs/benchmarks.md "Retention sweep and publish latency",
 * driven by a store's own main ({@code RetentionSweepBenchmark} in adapters-mongo and adapters-file).
 * Fills {@value #FILL_JOBS} jobs with {@value #EVENTS_PER_JOB} events each, then measures the
 * latency of single-event appends by {@value #PUBLISHERS} publishers at a steady rate (other jobs,
 * as live publishers would be), first alone, then while the real sweeper ({@link SweepRetentionService},
 * count limit {@value #KEEP}) deletes all but {@value #KEEP} events of every filled job.
 */
public final class RetentionSweepLoad {

    static final int FILL_JOBS = 100;
    static final int EVENTS_PER_JOB = 1_000;
    static final int KEEP = 10;
    static final int PUBLISHERS = 4;
    /** Between two appends of one publisher: 4 x 200/s, a busy gateway that is not saturated. */
    static final long PAUSE_NANOS = 5_000_000;
    static final long BASELINE_NANOS = 10_000_000_000L;
    private static final EventType STEP = EventType.of("step");
    private static final String PAYLOAD = "{\"progress\":0.42,\"message\":\"" + "x".repeat(160) + "\"}";

    private RetentionSweepLoad() {
    }

    public static void run(EventStore store, String label) throws InterruptedException {
        long t0 = System.nanoTime();
        List<NewEvent> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(new NewEvent(STEP, PAYLOAD));
        }
        for (int j = 0; j < FILL_JOBS; j++) {
            for (int n = 0; n < EVENTS_PER_JOB / 100; n++) {
                store.appendAll(JobId.of("fill-" + j), hundred, Instant.now(), Optional.empty(), e -> { });
            }
        }
        System.out.printf("%s: filled %d events in %.1f s; load average %s%n", label, FILL_JOBS * EVENTS_PER_JOB,
                (System.nanoTime() - t0) / 1e9, loadAverage());

        // warm-up, then the baseline
        publish(store, "warm", 3_000_000_000L, new AtomicBoolean(true));
        long[] baseline = publish(store, "base", BASELINE_NANOS, new AtomicBoolean(true));
        print(label, "publish alone", baseline);

        int batch = Integer.getInteger("retention.batch", RetentionSettings.DEFAULT_BATCH_SIZE);
        Duration pause = Duration.ofMillis(Long.getLong("retention.pause-ms",
                RetentionSettings.DEFAULT_BATCH_PAUSE.toMillis()));
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        TaskScheduler tasks = new TaskScheduler() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public void schedule(Runnable task, Duration delay) {
                executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
        SweepRetentionService sweeper = new SweepRetentionService(store, new RetentionSettings(
                new RetentionPolicy(Optional.empty(), OptionalLong.of(KEEP)), batch, RetentionSettings.DEFAULT_JOBS_PAGE,
                pause), tasks, Clock.systemUTC());
        AtomicBoolean sweeping = new AtomicBoolean(true);
        long s0 = System.nanoTime();
        CompletableFuture<Long> round = sweeper.sweep();
        round.whenComplete((n, e) -> sweeping.set(false));
        long[] during = publish(store, "sweep", Long.MAX_VALUE, sweeping);
        long deleted = round.join();
        long sweepNanos = System.nanoTime() - s0;
        executor.shutdown();
        System.out.printf("%s: the sweep (batches of %d, pause %d ms) deleted %d events in %.1f s; load average %s%n",
                label, batch, pause.toMillis(), deleted, sweepNanos / 1e9, loadAverage());
        print(label, "publish during the sweep", during);
        // again without: how much the machine's other load moved the figures meanwhile
        print(label, "publish alone, after the sweep", publish(store, "after", BASELINE_NANOS, new AtomicBoolean(true)));
    }

    /** Latencies in microseconds of the appends made until the time is up or {@code until} turns false. */
    private static long[] publish(EventStore store, String prefix, long nanos, AtomicBoolean until)
            throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[PUBLISHERS];
        for (int t = 0; t < PUBLISHERS; t++) {
            long[] samples = new long[400_000];
            perThread.add(samples);
            int index = t;
            JobId job = JobId.of(prefix + "-live-" + t);
            Thread thread = new Thread(() -> {
                int n = 0;
                long next = System.nanoTime();
                while (until.get() && System.nanoTime() < deadline && n < samples.length) {
                    long a = System.nanoTime();
                    store.append(job, STEP, PAYLOAD, Instant.now());
                    samples[n++] = (System.nanoTime() - a) / 1_000;
                    next += PAUSE_NANOS;
                    for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                counts[index] = n;
            }, "publisher-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < PUBLISHERS; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return all;
    }

    private static void print(String label, String what, long[] sorted) {
        if (sorted.length == 0) {
            System.out.printf("%s: %s: no samples%n", label, what);
            return;
        }
        System.out.printf("%s: %s: %d appends, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", label, what,
                sorted.length, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e3);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e3;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
