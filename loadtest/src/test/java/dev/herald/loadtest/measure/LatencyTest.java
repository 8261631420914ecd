package dev.herald.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {

    @Test
    void intervalsAddUpToTheTotalAndPercentilesComeFromHdrHistogram() {
        Latency latency = new Latency();
        for (int i = 1; i <= 100; i++) {
            latency.recordNanos(i * 1_000_000L);
        }
        Histogram first = latency.interval();
        latency.recordNanos(500_000_000L);
        Histogram second = latency.interval();
        assertThat(first.getTotalCount()).isEqualTo(100);
        assertThat(second.getTotalCount()).isEqualTo(1);
        Histogram total = latency.total();
        assertThat(total.getTotalCount()).isEqualTo(101);
        assertThat(Latency.percentileMs(first, 95)).isBetween(94.9, 95.1);
        assertThat(Latency.summary(total)).containsKeys("p50Ms", "p95Ms", "p99Ms", "maxMs");
        assertThat((double) Latency.summary(total).get("maxMs")).isBetween(499.0, 501.0);
    }

    @Test
    void aDiscardedWarmUpLeavesNothingInTheIntervalsTheTicksOrTheTotal() {
        Latency latency = new Latency();
        latency.recordNanos(900_000_000L);
        latency.interval();
        latency.recordNanos(800_000_000L);

        latency.discard();
        latency.recordNanos(2_000_000L);

        assertThat(latency.tick().getTotalCount()).isEqualTo(1);
        assertThat(latency.interval().getTotalCount()).isEqualTo(1);
        Histogram total = latency.total();
        assertThat(total.getTotalCount()).isEqualTo(1);
        assertThat(Latency.percentileMs(total, 100)).isBetween(1.9, 2.1);
    }
}
