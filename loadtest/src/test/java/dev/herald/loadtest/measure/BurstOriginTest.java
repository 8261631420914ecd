package dev.herald.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BurstOriginTest {

    private static final long T0 = 7_000_000_000L;

    @Test
    void everyDeliveryIsMeasuredFromTheBurstsStartNotFromItsOwnPost() {
        BurstOrigin origin = new BurstOrigin();
        origin.start(T0);

        // the last event of a burst was POSTed 40 ms after t0 and arrived 2 ms later: its user waited 42 ms
        origin.record(T0 + 3_000_000);
        origin.record(T0 + 42_000_000);

        Histogram h = origin.latency().total();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(Latency.ms(h.getMinValue())).isBetween(2.99, 3.01);
        assertThat(Latency.ms(h.getMaxValue())).isBetween(41.9, 42.1);
        assertThat(origin.t0()).isEqualTo(T0);
    }

    @Test
    void nothingIsRecordedBeforeTheBurstStarts() {
        BurstOrigin origin = new BurstOrigin();

        origin.record(T0); // a warm-up delivery: there is no t0 yet
        assertThat(origin.started()).isFalse();
        assertThat(origin.latency().total().getTotalCount()).isZero();

        origin.start(T0);
        origin.record(T0 + 1_000_000);
        assertThat(origin.started()).isTrue();
        assertThat(origin.latency().total().getTotalCount()).isEqualTo(1);
    }
}
