package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.JsonParsers;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.RequestId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one text frame as a request of the wire contract. Never throws: anything it cannot read
 * becomes {@link InboundRequest.Invalid} with a {@code BAD_REQUEST} message that names the
 * problem, never echoing more than a short, sanitized part of the input. Unknown fields are
 * ignored, so newer clients work with this gateway.
 */
final class InboundRequestParser {

    private static final int ECHO_LIMIT = 32;

    InboundRequest parse(String text) {
        JsonObject object;
        try (JsonParser parser = JsonParsers.of(text)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return invalid("A message must be a JSON object", Optional.empty(), Optional.empty());
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                return invalid("Malformed JSON: content after the object", Optional.empty(), Optional.empty());
            }
        } catch (RuntimeException e) {
            // malformed input, or nesting deeper than the parser allows (which it reports as a bare
            // RuntimeException): whatever the parser throws, the client just sent bad JSON
            return invalid("Malformed JSON", Optional.empty(), Optional.empty());
        }
        Optional<RequestId> requestId;
        try {
            requestId = requestId(object);
        } catch (RejectedException e) {
            return new InboundRequest.Invalid(e.rejection(), Optional.empty(), Optional.empty());
        }
        try {
            return request(object, requestId);
        } catch (RejectedException e) {
            return new InboundRequest.Invalid(e.rejection(), jobIdIfValid(object), requestId);
        }
    }

    private InboundRequest request(JsonObject object, Optional<RequestId> requestId) {
        JsonValue type = object.get("type");
        if (!(type instanceof JsonString typeName)) {
            throw bad("\"type\" is required and must be a string");
        }
        return switch (typeName.getString()) {
            case "subscribe" -> new InboundRequest.Subscribe(jobId(object), afterSeq(object), requestId);
            case "unsubscribe" -> new InboundRequest.Unsubscribe(jobId(object), requestId);
            case "ping" -> new InboundRequest.Ping(requestId);
            case "publish" -> publish(object, requestId);
            case "presence" -> new InboundRequest.Presence(jobId(object), requestId);
            case "refresh" -> new InboundRequest.Refresh(token(object), requestId);
            default -> throw bad("Unknown type \"" + sanitize(typeName.getString())
                    + "\"; expected subscribe, unsubscribe, publish, ping, presence or refresh");
        };
    }

    /** The payload is any JSON value (null too), carried as its JSON text as REST does. */
    private static InboundRequest.Publish publish(JsonObject object, Optional<RequestId> requestId) {
        JobId jobId = jobId(object);
        JsonValue type = object.get("eventType");
        if (!(type instanceof JsonString typeName)) {
            throw bad("\"eventType\" is required and must be a string");
        }
        EventType eventType = EventType.of(typeName.getString());
        if (!object.containsKey("payload")) {
            throw bad("\"payload\" is required (any JSON value, e.g. an object)");
        }
        return new InboundRequest.Publish(jobId, eventType, object.get("payload").toString(), requestId);
    }

    private static Optional<RequestId> requestId(JsonObject object) {
        JsonValue id = object.get("id");
        if (id == null || id.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(id instanceof JsonString text)) {
            throw bad("\"id\" must be a string");
        }
        return Optional.of(new RequestId(text.getString()));
    }

    private static JobId jobId(JsonObject object) {
        JsonValue jobId = object.get("jobId");
        if (!(jobId instanceof JsonString text)) {
            throw bad("\"jobId\" is required and must be a string");
        }
        return JobId.of(text.getString());
    }

    /** Never echoed: a reply about the token says what is wrong with it, not what it is. */
    private static Credentials token(JsonObject object) {
        JsonValue token = object.get("token");
        if (!(token instanceof JsonString text) || text.getString().isBlank()) {
            throw bad("\"token\" is required and must be a non-empty string");
        }
        return Credentials.bearer(text.getString());
    }

    private static Optional<JobId> jobIdIfValid(JsonObject object) {
        try {
            return Optional.of(jobId(object));
        } catch (RejectedException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong afterSeq(JsonObject object) {
        JsonValue afterSeq = object.get("afterSeq");
        if (afterSeq == null || afterSeq.getValueType() == JsonValue.ValueType.NULL) {
            return OptionalLong.empty();
        }
        if (!(afterSeq instanceof JsonNumber number) || !number.isIntegral()) {
            throw bad("\"afterSeq\" must be an integer >= 0");
        }
        long value;
        try {
            value = number.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw bad("\"afterSeq\" is out of range");
        }
        if (value < 0) {
            throw bad("\"afterSeq\" must be an integer >= 0");
        }
        return OptionalLong.of(value);
    }

    private static InboundRequest.Invalid invalid(String message, Optional<JobId> jobId, Optional<RequestId> requestId) {
        return new InboundRequest.Invalid(Rejection.of(ErrorCode.BAD_REQUEST, message), jobId, requestId);
    }

    private static RejectedException bad(String message) {
        return new RejectedException(ErrorCode.BAD_REQUEST, message);
    }

    /** A short, printable excerpt: client input never reaches replies or logs unbounded or raw. */
    static String sanitize(String input) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length() && out.length() < ECHO_LIMIT; i++) {
            char c = input.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (input.length() > ECHO_LIMIT) {
            out.append("...");
        }
        return out.toString();
    }
}
