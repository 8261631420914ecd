package dev.herald.loadtest.scenario;

import dev.herald.loadtest.measure.Latency;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StepTimelineTest {

    @Test
    void aTimelineCountsOnlyTheStepAndIncludesItsLastPartialSecond() {
        Latency latency = new Latency();
        latency.recordNanos(900_000_000); // before the step: not part of it
        StepTimeline timeline = StepTimeline.start(latency);
        latency.recordNanos(2_000_000);
        latency.recordNanos(5_000_000);

        List<Map<String, Object>> seconds = timeline.stop();

        long counted = seconds.stream().mapToLong(s -> (Long) s.get("deliveries")).sum();
        assertThat(counted).isEqualTo(2);
        double max = seconds.stream().mapToDouble(s -> (Double) s.get("maxMs")).max().orElse(0);
        assertThat(max).isBetween(4.99, 5.01);
        // the step's own interval and total are untouched by the timeline
        assertThat(latency.interval().getTotalCount()).isEqualTo(3);
    }
}
