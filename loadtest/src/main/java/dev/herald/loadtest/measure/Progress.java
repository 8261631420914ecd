package dev.herald.loadtest.measure;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Live progress of a long phase on stderr (stdout stays for the result, so {@code --json} output can
 * be piped): one line every interval while the phase runs, nothing for phases shorter than that.
 */
public final class Progress implements AutoCloseable {

    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> ticking;

    private Progress(ScheduledFuture<?> ticking) {
        this.ticking = ticking;
    }

    public static Progress start(PrintStream out, long intervalMs, String scenario, Supplier<String> line) {
        if (out == null || intervalMs <= 0) {
            return new Progress(null);
        }
        long started = System.nanoTime();
        return new Progress(TICKER.scheduleAtFixedRate(() -> {
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            out.println("[" + scenario + " " + seconds + "s] " + line.get());
            out.flush();
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
