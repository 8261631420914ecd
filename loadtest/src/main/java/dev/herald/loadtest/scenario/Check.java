package dev.herald.loadtest.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/** One threshold of a scenario: what was required, what was measured, whether it held. */
public record Check(String name, boolean passed, String threshold, Object actual) {

    public static Check atMost(String name, double actual, double limit, String unit) {
        return new Check(name, actual <= limit, "<= " + fmt(limit) + unit, fmt(actual) + unit);
    }

    public static Check below(String name, double actual, double limit, String unit) {
        return new Check(name, actual < limit, "< " + fmt(limit) + unit, fmt(actual) + unit);
    }

    public static Check atLeast(String name, double actual, double limit, String unit) {
        return new Check(name, actual >= limit, ">= " + fmt(limit) + unit, fmt(actual) + unit);
    }

    public static Check equal(String name, Object actual, Object expected) {
        return new Check(name, String.valueOf(actual).equals(String.valueOf(expected)), "= " + expected, actual);
    }

    public static Check that(String name, boolean passed, String threshold, Object actual) {
        return new Check(name, passed, threshold, actual);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("passed", passed);
        out.put("threshold", threshold);
        out.put("actual", actual);
        return out;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(Math.round(v * 1000) / 1000.0);
    }
}
