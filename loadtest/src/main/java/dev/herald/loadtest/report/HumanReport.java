package dev.herald.loadtest.report;

import dev.herald.loadtest.scenario.Check;
import dev.herald.loadtest.scenario.ScenarioResult;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;

/** The result of a scenario as a person reads it: verdict, measurements, each threshold. */
public final class HumanReport {

    private HumanReport() {
    }

    public static void print(ScenarioResult result, PrintStream out) {
        out.printf("%s: %s (%.1f s)%n", result.scenario(), result.status(), result.durationMs() / 1000.0);
        if (result.reason() != null) {
            out.println("  reason: " + result.reason());
        }
        for (Map.Entry<String, Object> e : result.results().entrySet()) {
            printValue(out, "  ", e.getKey(), e.getValue());
        }
        for (Check check : result.checks()) {
            out.printf("  [%s] %s: %s (threshold %s)%n", check.passed() ? " ok " : "FAIL", check.name(), check.actual(), check.threshold());
        }
        for (String note : result.notes()) {
            out.println("  note: " + note);
        }
        out.flush();
    }

    private static void printValue(PrintStream out, String indent, String key, Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("p50Ms")) {
            out.printf("%s%s: p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (%s samples)%n", indent, key,
                    map.get("p50Ms"), map.get("p95Ms"), map.get("p99Ms"), map.get("maxMs"), map.get("count"));
        } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("count")) {
            out.printf("%s%s: no samples%n", indent, key);
        } else if (value instanceof Collection<?> list && !list.isEmpty() && list.iterator().next() instanceof Map) {
            out.printf("%s%s:%n", indent, key);
            for (Object row : list) {
                out.printf("%s  %s%n", indent, compact((Map<?, ?>) row));
            }
        } else {
            out.printf("%s%s: %s%n", indent, key, value instanceof Map<?, ?> m ? compact(m) : value);
        }
    }

    private static String compact(Map<?, ?> map) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(", ");
            }
            if (v instanceof Map<?, ?> inner && inner.containsKey("p99Ms")) {
                out.append(k).append(" p50/p95/p99/max ").append(inner.get("p50Ms")).append('/').append(inner.get("p95Ms"))
                        .append('/').append(inner.get("p99Ms")).append('/').append(inner.get("maxMs")).append(" ms");
            } else {
                out.append(k).append(' ').append(v);
            }
        });
        return out.toString();
    }
}
