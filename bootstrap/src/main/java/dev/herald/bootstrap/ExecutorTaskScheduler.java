package dev.herald.bootstrap;

import dev.herald.application.port.out.TaskScheduler;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's background work (catch-ups, repairs, reconciliation) on a small pool of
 * daemon threads. A task that throws is logged, never lost silently, and never kills its thread.
 */
final class ExecutorTaskScheduler implements TaskScheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExecutorTaskScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;

    ExecutorTaskScheduler(String name, int threads) {
        this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreads(name));
        this.executor.setRemoveOnCancelPolicy(true);
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Background task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
