package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonParsers;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** Reads the small JSON bodies of the admin endpoints; anything else is {@code BAD_REQUEST}. */
final class AdminRequestReader {

    /** Far above any valid admin body (the longest is a 500-character maintenance message). */
    static final int MAX_BODY_BYTES = 8 * 1024;

    /** {@code PUT /api/admin/maintenance}: {@code {"enabled": bool, "message"?: string|null}}. */
    record MaintenanceSwitch(boolean enabled, Optional<String> message) {
    }

    private AdminRequestReader() {
    }

    static MaintenanceSwitch maintenance(InputStream body) {
        JsonObject object = object(body);
        for (String key : object.keySet()) {
            if (!Set.of("enabled", "message").contains(key)) {
                throw bad("Unknown field \"" + key + "\" (expected \"enabled\" and optionally \"message\")");
            }
        }
        JsonValue enabled = object.get("enabled");
        if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
            throw bad("\"enabled\" is required and must be true or false");
        }
        JsonValue message = object.getOrDefault("message", JsonValue.NULL);
        if (message != JsonValue.NULL && !(message instanceof JsonString)) {
            throw bad("\"message\" must be a string");
        }
        return new MaintenanceSwitch(enabled == JsonValue.TRUE,
                message instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty());
    }

    private static JsonObject object(InputStream body) {
        String text = text(body);
        try (JsonParser parser = JsonParsers.of(text)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw bad("A JSON object is required");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw bad("Malformed JSON: content after the object");
            }
            return object;
        } catch (RejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw bad("Malformed JSON");
        }
    }

    private static String text(InputStream body) {
        if (body == null) {
            throw bad("A JSON body is required");
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw bad("The request body could not be read");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new RejectedException(ErrorCode.MESSAGE_TOO_LARGE, "Request body over " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad("The request body is not valid UTF-8");
        }
    }

    private static RejectedException bad(String message) {
        return new RejectedException(ErrorCode.BAD_REQUEST, message);
    }
}
