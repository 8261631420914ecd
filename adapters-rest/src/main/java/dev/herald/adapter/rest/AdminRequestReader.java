package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
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
        return PublishRequestReader.parseObject(text(body), "A JSON object is required");
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
        return PublishRequestReader.decode(bytes);
    }

    private static RejectedException bad(String message) {
        return new RejectedException(ErrorCode.BAD_REQUEST, message);
    }
}
