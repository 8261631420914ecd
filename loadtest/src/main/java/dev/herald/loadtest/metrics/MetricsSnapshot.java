package dev.herald.loadtest.metrics;

import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.report.JsonOut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves the gateway's two metrics views at one moment: {@code /api/realtime/metrics} as
 * {@code <label>-<stage>-metrics.json} and {@code /metrics} as {@code <label>-<stage>-prometheus.txt}.
 */
public final class MetricsSnapshot {

    private MetricsSnapshot() {
    }

    /** Writes both files; returns the names written (a view that cannot be read is noted, not fatal). */
    public static List<String> save(GatewayHttp http, Path dir, String prefix, String stage, List<String> problems) throws IOException {
        List<String> written = new ArrayList<>();
        String base = prefix + stage;
        try {
            Path json = dir.resolve(base + "-metrics.json");
            Files.writeString(json, JsonOut.pretty(GatewayHttp.json(http.metricsText())));
            written.add(json.getFileName().toString());
        } catch (RuntimeException e) {
            problems.add(stage + ": /api/realtime/metrics not saved: " + e.getMessage());
        }
        try {
            Path text = dir.resolve(base + "-prometheus.txt");
            Files.writeString(text, http.prometheus());
            written.add(text.getFileName().toString());
        } catch (RuntimeException e) {
            problems.add(stage + ": /metrics not saved: " + e.getMessage());
        }
        return written;
    }
}
