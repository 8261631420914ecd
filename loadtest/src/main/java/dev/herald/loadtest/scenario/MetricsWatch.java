package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.GatewayHttp;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Polls {@code /api/realtime/metrics} in the background and keeps the highest value of one reading
 * (e.g. {@code activeConnections}), to check that the gateway never showed more than its cap.
 */
public final class MetricsWatch implements AutoCloseable {

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong highest = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private MetricsWatch() {
    }

    public static MetricsWatch start(GatewayHttp http, long intervalMs, ToLongFunction<JsonObject> reading) {
        MetricsWatch watch = new MetricsWatch();
        watch.poller.scheduleWithFixedDelay(() -> {
            try {
                long value = reading.applyAsLong(http.metrics());
                watch.highest.accumulateAndGet(value, Math::max);
                watch.samples.incrementAndGet();
            } catch (RuntimeException e) {
                watch.failures.incrementAndGet();
            }
        }, 0, intervalMs, TimeUnit.MILLISECONDS);
        return watch;
    }

    public long highest() {
        return highest.get();
    }

    public long samples() {
        return samples.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A number at a path of the metrics object ("activeConnections", "connectionsByOrigin.none"); 0 when absent. */
    public static long number(JsonObject metrics, String... path) {
        JsonValue value = metrics;
        for (String key : path) {
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                return 0;
            }
            value = value.asJsonObject().get(key);
        }
        return value instanceof JsonNumber n ? n.longValue() : 0;
    }
}
