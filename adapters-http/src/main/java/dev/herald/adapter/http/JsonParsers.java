package dev.herald.adapter.http;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;

/**
 * JSON parsers from one factory, looked up once. {@code Json.createParser} looks the provider up
 * through the service loader on every call, which under Liberty's class loaders showed in the
 * publish path's profile; a factory is thread-safe and reusable.
 */
public final class JsonParsers {

    private static final JsonParserFactory FACTORY = Json.createParserFactory(null);

    private JsonParsers() {
    }

    /** A parser over the text; the caller closes it. */
    public static JsonParser of(String text) {
        return FACTORY.createParser(new StringReader(text));
    }
}
