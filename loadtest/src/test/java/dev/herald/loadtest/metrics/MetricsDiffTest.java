package dev.herald.loadtest.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsDiffTest {

    @Test
    void flattensJsonSnapshotsAndReportsWhatChanged() {
        List<MetricsDiff.Change> changes = MetricsDiff.compare(
                "{\"activeConnections\":0,\"subscriptionsByJob\":{},\"eventBus\":{\"connected\":true,\"reconnects\":0},\"lastCatchUp\":null}",
                "{\"activeConnections\":3,\"subscriptionsByJob\":{\"j\":2},\"eventBus\":{\"connected\":true,\"reconnects\":1},\"lastCatchUp\":{\"jobId\":\"j\",\"durationMs\":7}}");
        Map<String, Object> report = MetricsDiff.toReport("a", "b", changes, false);
        assertThat(report.get("changed")).isEqualTo(4L);
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.metric()).isEqualTo("eventBus.reconnects");
            assertThat(c.delta()).isEqualTo(1.0);
        });
        assertThat(changes).anySatisfy(c -> assertThat(c.metric()).isEqualTo("subscriptionsByJob.j"));
        assertThat(MetricsDiff.toReport("a", "b", changes, true).get("metrics")).asList().hasSize(changes.size());
    }

    @Test
    void readsPrometheusText() {
        Map<String, Double> readings = MetricsDiff.readings("""
                # HELP memory_usedHeap_bytes Displays the amount of used heap memory in bytes.
                # TYPE memory_usedHeap_bytes gauge
                memory_usedHeap_bytes{mp_scope="base",} 1.2345E8
                herald_events_delivered_total{mp_scope="application",replay="false",} 20000.0
                """);
        assertThat(readings).containsEntry("memory_usedHeap_bytes{mp_scope=\"base\",}", 1.2345E8)
                .containsEntry("herald_events_delivered_total{mp_scope=\"application\",replay=\"false\",}", 20000.0);
    }
}
