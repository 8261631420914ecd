package dev.herald.loadtest.metrics;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two metrics snapshots: JSON ({@code /api/realtime/metrics}; nested objects flattened to
 * dotted names, booleans as 0/1) or Prometheus text ({@code /metrics}; one reading per name and
 * labels). Readings missing on one side count as absent, not zero.
 */
public final class MetricsDiff {

    /** One reading on both sides. */
    public record Change(String metric, Double baseline, Double target) {
        public double delta() {
            return (target == null ? 0 : target) - (baseline == null ? 0 : baseline);
        }

        public boolean changed() {
            return baseline == null || target == null || Double.compare(baseline, target) != 0;
        }
    }

    private MetricsDiff() {
    }

    public static List<Change> compare(String baseline, String target) {
        Map<String, Double> a = readings(baseline);
        Map<String, Double> b = readings(target);
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names.stream().map(n -> new Change(n, a.get(n), b.get(n))).toList();
    }

    public static Map<String, Double> readings(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("{") ? fromJson(trimmed) : fromPrometheus(trimmed);
    }

    static Map<String, Double> fromJson(String text) {
        Map<String, Double> out = new TreeMap<>();
        flatten("", Json.createReader(new StringReader(text)).readValue(), out);
        return out;
    }

    private static void flatten(String prefix, JsonValue value, Map<String, Double> out) {
        switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().forEach((k, v) -> flatten(prefix.isEmpty() ? k : prefix + "." + k, v, out));
            case ARRAY -> {
                int i = 0;
                for (JsonValue v : value.asJsonArray()) {
                    flatten(prefix + "[" + i++ + "]", v, out);
                }
            }
            case NUMBER -> out.put(prefix, ((JsonNumber) value).doubleValue());
            case TRUE -> out.put(prefix, 1.0);
            case FALSE -> out.put(prefix, 0.0);
            default -> { } // strings (times, ids) and nulls are not readings
        }
    }

    static Map<String, Double> fromPrometheus(String text) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int space = l.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String name = l.substring(0, space).strip();
            String value = l.substring(space + 1);
            // a trailing timestamp: "name value ts"
            int second = name.lastIndexOf(' ');
            if (second > 0 && !name.endsWith("}")) {
                value = name.substring(second + 1);
                name = name.substring(0, second).strip();
            }
            try {
                out.put(name, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return out;
    }

    public static Map<String, Object> toReport(String baselineName, String targetName, List<Change> changes, boolean all) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("baseline", baselineName);
        report.put("target", targetName);
        report.put("changed", changes.stream().filter(Change::changed).count());
        report.put("compared", changes.size());
        report.put("metrics", changes.stream().filter(c -> all || c.changed()).map(c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("metric", c.metric());
            row.put("baseline", c.baseline());
            row.put("target", c.target());
            row.put("delta", c.delta());
            return row;
        }).toList());
        return report;
    }
}
