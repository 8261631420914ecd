package dev.herald.adapter.rest;

import dev.herald.adapter.websocket.JsonParsers;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
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
import java.util.Arrays;

/**
 * Reads a publish body, {@code {"eventType": "...", "payload": <any JSON>}}, from an untrusted
 * stream: at most {@code maxBodyBytes} are read (so a huge body costs no memory), the bytes must
 * be valid UTF-8, and the payload is re-serialized compactly as the event's JSON text.
 */
final class PublishRequestReader {

    record PublishBody(EventType eventType, String payload) {
    }

    private final int maxBodyBytes;

    PublishRequestReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    PublishBody read(InputStream body) {
        return parse(decode(readBounded(body)));
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

    private static String decode(byte[] bytes) {
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

    private static PublishBody parse(String text) {
        JsonObject object;
        try (JsonParser parser = JsonParsers.of(text)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw bad("The body must be a JSON object with eventType and payload");
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                throw bad("Malformed JSON: content after the object");
            }
        } catch (RejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // malformed JSON, or nesting beyond the parser's depth limit
            throw bad("Malformed JSON");
        }
        JsonValue type = object.get("eventType");
        if (!(type instanceof JsonString typeName)) {
            throw bad("\"eventType\" is required and must be a string");
        }
        if (!object.containsKey("payload")) {
            throw bad("\"payload\" is required (any JSON value, e.g. an object)");
        }
        return new PublishBody(EventType.of(typeName.getString()), object.get("payload").toString());
    }

    private static RejectedException bad(String message) {
        return new RejectedException(ErrorCode.BAD_REQUEST, message);
    }
}
