package dev.herald.loadtest.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A scenario's settings, by camelCase key, looked up in layers: command-line flags, then the config's
 * {@code scenarioOptions.<scenario>}, then its {@code options}, then its top level, then the default
 * the scenario asks with. Every value a scenario read is remembered, so its result shows the
 * effective settings.
 */
public final class Settings {

    private final List<Map<String, String>> layers;
    private final Map<String, Object> used = new TreeMap<>();

    public Settings(List<Map<String, String>> layersFirstWins) {
        this.layers = List.copyOf(layersFirstWins);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(List.of(values));
    }

    public static Settings forScenario(String scenario, Map<String, String> commandLine, HarnessConfig config) {
        return new Settings(List.of(commandLine, config.scenarioOptions(scenario), config.options(), config.topLevel()));
    }

    /** The same layers under a new override layer (the suite uses it to tune a scenario). */
    public Settings with(Map<String, String> overrides) {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(overrides);
        all.addAll(layers);
        return new Settings(all);
    }

    /** The same layers over a new bottom layer: defaults that any configured value beats. */
    public Settings withDefaults(Map<String, String> defaults) {
        List<Map<String, String>> all = new ArrayList<>(layers);
        all.add(defaults);
        return new Settings(all);
    }

    public Optional<String> raw(String key) {
        for (Map<String, String> layer : layers) {
            String value = layer.get(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    public String string(String key, String fallback) {
        String value = raw(key).orElse(fallback);
        remember(key, value);
        return value;
    }

    public Optional<String> optionalString(String key) {
        Optional<String> value = raw(key);
        value.ifPresent(v -> remember(key, v));
        return value;
    }

    public int integer(String key, int fallback) {
        long value = longValue(key, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new ConfigException(key + " is out of range: " + value);
        }
        return (int) value;
    }

    public long longValue(String key, long fallback) {
        long value = raw(key).map(v -> parseLong(key, v)).orElse(fallback);
        remember(key, value);
        return value;
    }

    public double decimal(String key, double fallback) {
        double value = raw(key).map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a number, got \"" + v + "\"");
            }
        }).orElse(fallback);
        remember(key, value);
        return value;
    }

    public boolean flag(String key, boolean fallback) {
        boolean value = raw(key).map(v -> switch (v.toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key + " must be true or false, got \"" + v + "\"");
        }).orElse(fallback);
        remember(key, value);
        return value;
    }

    /** Every setting read so far with the value in force (secrets masked). */
    public Map<String, Object> used() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(used));
    }

    private void remember(String key, Object value) {
        boolean secret = key.toLowerCase().contains("secret") || key.toLowerCase().contains("token");
        used.put(key, secret && value != null ? "***" : value);
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got \"" + value + "\"");
        }
    }
}
