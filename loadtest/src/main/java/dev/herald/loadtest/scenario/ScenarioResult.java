package dev.herald.loadtest.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario run: status, measurements, threshold checks, the settings in force,
 * notes. Written as the scenario's JSON artifact and as the human summary.
 */
public final class ScenarioResult {

    public enum Status { PASSED, FAILED, SKIPPED, ERROR }

    private final String scenario;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Map<String, Object> settings = Map.of();
    private Map<String, Object> target = Map.of();
    private long durationMs = -1;
    private Status forced;
    private String reason;

    public ScenarioResult(String scenario) {
        this.scenario = scenario;
    }

    public String scenario() {
        return scenario;
    }

    public ScenarioResult put(String key, Object value) {
        results.put(key, value);
        return this;
    }

    public Object get(String key) {
        return results.get(key);
    }

    public ScenarioResult check(Check check) {
        checks.add(check);
        return this;
    }

    public ScenarioResult note(String note) {
        notes.add(note);
        return this;
    }

    public ScenarioResult skipped(String why) {
        forced = Status.SKIPPED;
        reason = why;
        return this;
    }

    public ScenarioResult error(String why) {
        forced = Status.ERROR;
        reason = why;
        return this;
    }

    public void finish(Map<String, Object> settingsUsed, Map<String, Object> targetDescription) {
        durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        settings = settingsUsed;
        target = targetDescription;
    }

    public Status status() {
        if (forced != null) {
            return forced;
        }
        return checks.stream().allMatch(Check::passed) ? Status.PASSED : Status.FAILED;
    }

    /** Passed or skipped: nothing went wrong. */
    public boolean ok() {
        return status() == Status.PASSED || status() == Status.SKIPPED;
    }

    public List<Check> checks() {
        return checks;
    }

    public Map<String, Object> results() {
        return results;
    }

    public List<String> notes() {
        return notes;
    }

    public String reason() {
        return reason;
    }

    public long durationMs() {
        return durationMs;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario);
        out.put("status", status().name().toLowerCase());
        out.put("passed", status() == Status.PASSED);
        if (reason != null) {
            out.put("reason", reason);
        }
        out.put("startedAt", startedAt.toString());
        out.put("durationMs", durationMs);
        out.put("target", target);
        out.put("settings", settings);
        out.put("results", results);
        out.put("checks", checks.stream().map(Check::toMap).toList());
        out.put("notes", notes);
        return out;
    }
}
