package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.Latency;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A capacity step second by second: deliveries, p99 and max of each second. It tells a steady
 * queue (every second slow) from a stall (one bad second: a GC pause, a compile, a lock), which a
 * step's single p99 cannot.
 */
final class StepTimeline {

    private final Latency latency;
    private final ScheduledExecutorService ticker;
    private final List<Map<String, Object>> seconds = new ArrayList<>();

    private StepTimeline(Latency latency) {
        this.latency = latency;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "step-timeline");
            t.setDaemon(true);
            return t;
        });
    }

    static StepTimeline start(Latency latency) {
        StepTimeline timeline = new StepTimeline(latency);
        latency.tick(); // what came before the step is not part of it
        timeline.ticker.scheduleAtFixedRate(timeline::record, 1, 1, TimeUnit.SECONDS);
        return timeline;
    }

    /** Ends the timeline with the last, partial second. */
    List<Map<String, Object>> stop() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record();
        synchronized (seconds) {
            return List.copyOf(seconds);
        }
    }

    private void record() {
        Histogram second = latency.tick();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("deliveries", second.getTotalCount());
        entry.put("p99Ms", Latency.percentileMs(second, 99));
        entry.put("maxMs", second.getTotalCount() == 0 ? 0 : Latency.ms(second.getMaxValue()));
        synchronized (seconds) {
            seconds.add(entry);
        }
    }
}
