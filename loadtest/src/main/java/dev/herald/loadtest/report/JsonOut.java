package dev.herald.loadtest.report;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/** Turns the harness' plain maps, lists, numbers and strings into pretty-printed JSON. */
public final class JsonOut {

    private static final JsonWriterFactory PRETTY = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private JsonOut() {
    }

    public static String pretty(Object value) {
        StringWriter out = new StringWriter();
        try (var writer = PRETTY.createWriter(out)) {
            writer.write(toJson(value));
        }
        return out.toString().strip() + System.lineSeparator();
    }

    public static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Json.createValue(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? Json.createValue(BigDecimal.valueOf(d)) : JsonValue.NULL;
        }
        if (value instanceof Number n) {
            return Json.createValue(new BigDecimal(n.toString()));
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            list.forEach(v -> array.add(toJson(v)));
            return array.build();
        }
        return Json.createValue(String.valueOf(value));
    }
}
