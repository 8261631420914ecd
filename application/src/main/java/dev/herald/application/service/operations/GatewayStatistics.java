package dev.herald.application.service.operations;

import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@code /api/realtime/metrics}, fed as telemetry like any other sink. */
public final class GatewayStatistics implements Telemetry {

    private final Map<ErrorCode, LongAdder> rejections = new EnumMap<>(ErrorCode.class);
    private final LongAdder gapRepairs = new LongAdder();
    private final LongAdder eventsPublished = new LongAdder();
    private final LongAdder eventsDelivered = new LongAdder();
    private final AtomicReference<GatewayMetrics.LastCatchUp> lastCatchUp = new AtomicReference<>();

    public GatewayStatistics() {
        for (ErrorCode code : ErrorCode.values()) {
            rejections.put(code, new LongAdder());
        }
    }

    @Override
    public void rejected(ErrorCode code) {
        rejections.get(code).increment();
    }

    @Override
    public void eventsPublished(JobId jobId, int count) {
        eventsPublished.add(count);
    }

    @Override
    public void eventsDelivered(int count, boolean replay) {
        eventsDelivered.add(count);
    }

    @Override
    public void catchUpCompleted(JobId jobId, long events, long durationMs, Instant completedAt) {
        lastCatchUp.set(new GatewayMetrics.LastCatchUp(jobId.value(), events, durationMs, completedAt));
    }

    @Override
    public void gapRepaired(JobId jobId, long events) {
        gapRepairs.increment();
    }

    /** Non-zero rejection counts by contract code. */
    public Map<String, Long> rejections() {
        Map<String, Long> counts = new TreeMap<>();
        rejections.forEach((code, count) -> {
            long n = count.sum();
            if (n > 0) {
                counts.put(code.name(), n);
            }
        });
        return counts;
    }

    public long rejections(ErrorCode code) {
        return rejections.get(code).sum();
    }

    public long gapRepairs() {
        return gapRepairs.sum();
    }

    public long eventsPublished() {
        return eventsPublished.sum();
    }

    public long eventsDelivered() {
        return eventsDelivered.sum();
    }

    public Optional<GatewayMetrics.LastCatchUp> lastCatchUp() {
        return Optional.ofNullable(lastCatchUp.get());
    }
}
