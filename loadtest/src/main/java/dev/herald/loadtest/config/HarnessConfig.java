package dev.herald.loadtest.config;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --config FILE}: JSON with target settings at the top level ({@code apiUrl}, {@code wsUrl},
 * {@code origin}, {@code token}, {@code secret}, {@code redisUrl}, ...), defaults for every scenario under
 * {@code options}, and per-scenario overrides under {@code scenarioOptions.<scenario>}.
 */
public final class HarnessConfig {

    private final JsonObject root;

    private HarnessConfig(JsonObject root) {
        this.root = root;
    }

    public static HarnessConfig empty() {
        return new HarnessConfig(JsonValue.EMPTY_JSON_OBJECT);
    }

    public static HarnessConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            JsonValue value = Json.createReader(reader).readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigException("config " + file + " must hold a JSON object");
            }
            return new HarnessConfig(value.asJsonObject());
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + file + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new ConfigException("config " + file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Top-level keys (target settings), as strings. */
    public Map<String, String> topLevel() {
        return scalars(root);
    }

    public Map<String, String> options() {
        return scalars(object(root, "options"));
    }

    public Map<String, String> scenarioOptions(String scenario) {
        return scalars(object(object(root, "scenarioOptions"), scenario));
    }

    private static JsonObject object(JsonObject parent, String key) {
        JsonValue value = parent.get(key);
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Map<String, String> scalars(JsonObject object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            switch (value.getValueType()) {
                case STRING -> out.put(key, ((jakarta.json.JsonString) value).getString());
                case NUMBER, TRUE, FALSE -> out.put(key, value.toString());
                default -> { } // nested objects are sections, nulls mean "not set"
            }
        });
        return out;
    }
}
