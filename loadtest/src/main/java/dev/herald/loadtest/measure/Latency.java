package dev.herald.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A latency distribution (HdrHistogram, microsecond resolution, 3 significant digits), recorded from
 * many threads. {@link #interval()} gives what was recorded since the previous call (the capacity
 * scenario's steps); {@link #total()} everything; {@link #tick()}, independently of both, what was
 * recorded since the previous tick (a step's second-by-second timeline).
 */
public final class Latency {

    private final Recorder recorder = new Recorder(3);
    private final Recorder ticks = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram spare;

    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        recorder.recordValue(micros);
        ticks.recordValue(micros);
    }

    /** What was recorded since the previous tick (or the start); does not touch intervals or the total. */
    public Histogram tick() {
        return ticks.getIntervalHistogram();
    }

    /** What was recorded since the previous interval (or the start); also folded into the total. */
    public synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram(spare);
        total.add(interval);
        spare = null;
        return interval;
    }

    /** Forgets everything recorded so far (a warm-up's figures): intervals, ticks and the total. */
    public synchronized void discard() {
        recorder.reset();
        ticks.reset();
        total.reset();
        spare = null;
    }

    public synchronized Histogram total() {
        interval();
        return total.copy();
    }

    public static double ms(long micros) {
        return Math.round(micros / 1.0) / 1000.0;
    }

    /** count, min, p50, p90, p95, p99, p99.9, max and mean, in milliseconds (3 decimals). */
    public static Map<String, Object> summary(Histogram h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return out;
        }
        out.put("minMs", ms(h.getMinValue()));
        out.put("p50Ms", ms(h.getValueAtPercentile(50)));
        out.put("p90Ms", ms(h.getValueAtPercentile(90)));
        out.put("p95Ms", ms(h.getValueAtPercentile(95)));
        out.put("p99Ms", ms(h.getValueAtPercentile(99)));
        out.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        out.put("maxMs", ms(h.getMaxValue()));
        out.put("meanMs", Math.round(h.getMean()) / 1000.0);
        return out;
    }

    public static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(percentile));
    }
}
