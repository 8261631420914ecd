package dev.herald.application.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one body on several threads released at the same moment, for tests of concurrent callers. */
public final class Concurrently {

    /** What each thread runs; may throw, which fails the run. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Concurrently() {
    }

    /** Starts {@code threads} threads on {@code body} together and waits (60 s at most) for all of them. */
    public static void run(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    body.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
