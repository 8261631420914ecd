package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonParsers;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.NewEvent;
import jakarta.json.JsonArray;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a publish body from an untrusted stream: one event {@code {"eventType": "...", "payload":
 * <any JSON>}}, or a batch {@code {"events": [<event>, ...]}}. At most {@code maxBodyBytes} are read
 * (so a huge body costs no memory), the bytes must be valid UTF-8, and each payload is
 * re-serialized compactly as the event's JSON text.
 */
final class PublishRequestReader {

    private final int maxBodyBytes;

    PublishRequestReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    NewEvent readEvent(InputStream body) {
        return event(parseObject(decode(readBounded(body)), "The body must be a JSON object with eventType and payload"));
    }

    List<NewEvent> readBatch(InputStream body) {
        JsonObject object = parseObject(decode(readBounded(body)), "The body must be a JSON object with an events array");
        if (!(object.get("events") instanceof JsonArray array)) {
            throw bad("\"events\" is required and must be an array of {eventType, payload} objects");
        }
        List<NewEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject event)) {
                throw bad("events[" + i + "] must be an object with eventType and payload");
            }
            try {
                events.add(event(event));
            } catch (RejectedException e) {
                throw new RejectedException(e.code(), "events[" + i + "]: " + e.getMessage());
            }
        }
        return events;
    }

    private byte[] readBounded(InputStream body) {
        if (body == null) {
            throw bad("A JSON body is required");
        }
        try {
            byte[] bytes = body.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new RejectedException(ErrorCode.MESSAGE_TOO_LARGE,
                        "Request body over " + maxBodyBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw bad("The request body could not be read");
        }
    }

    /** A body's bytes as strict UTF-8 (zeroed afterwards); {@code BAD_REQUEST} when they are not. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad("The request body is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** One JSON object and nothing after it; {@code BAD_REQUEST} with {@code expected} when the body is no object. */
    static JsonObject parseObject(String text, String expected) {
        try (JsonParser parser = JsonParsers.of(text)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw bad(expected);
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw bad("Malformed JSON: content after the object");
            }
            return object;
        } catch (RejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // malformed JSON, or nesting beyond the parser's depth limit
            throw bad("Malformed JSON");
        }
    }

    private static NewEvent event(JsonObject object) {
        JsonValue type = object.get("eventType");
        if (!(type instanceof JsonString typeName)) {
            throw bad("\"eventType\" is required and must be a string");
        }
        if (!object.containsKey("payload")) {
            throw bad("\"payload\" is required (any JSON value, e.g. an object)");
        }
        return new NewEvent(EventType.of(typeName.getString()), object.get("payload").toString());
    }

    private static RejectedException bad(String message) {
        return new RejectedException(ErrorCode.BAD_REQUEST, message);
    }
}
