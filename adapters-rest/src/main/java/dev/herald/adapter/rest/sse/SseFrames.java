package dev.herald.adapter.rest.sse;

import dev.herald.adapter.http.ServerMessageJson;
import dev.herald.application.port.out.ServerMessage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Server-Sent Events form of the messages a stream carries: {@code id: <seq>} (durable events
 * only, so an EventSource's {@code Last-Event-ID} is the last seq it saw), {@code event: <type>},
 * and {@code data:} with the same JSON as the WebSocket frame. Messages that only make sense on a
 * socket (pong, presence, refresh answers) have no SSE form.
 */
final class SseFrames {

    /** A comment: ignored by EventSource, keeps proxies and the client's timers from giving up. */
    static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** The frame for this message, or empty when SSE does not carry it. */
    static Optional<byte[]> of(ServerMessage message) {
        if (message instanceof ServerMessage.Event e) {
            return Optional.of(frame(Long.toString(e.event().seq()), "event", ServerMessageJson.text(message)));
        }
        if (message instanceof ServerMessage.Relayed) {
            return Optional.of(frame(null, "event", ServerMessageJson.text(message)));
        }
        if (message instanceof ServerMessage.Subscribed) {
            return Optional.of(frame(null, "subscribed", ServerMessageJson.text(message)));
        }
        if (message instanceof ServerMessage.CaughtUp) {
            return Optional.of(frame(null, "caught-up", ServerMessageJson.text(message)));
        }
        if (message instanceof ServerMessage.Error error) {
            return Optional.of(error(error));
        }
        return Optional.empty();
    }

    /** {@code event: error} with {@code {"code","message"}}: the last frame of a stream. */
    static byte[] error(ServerMessage.Error error) {
        return frame(null, "error", errorJson(error));
    }

    /** The JSON error body, the same as the REST API's. */
    static String errorJson(ServerMessage.Error error) {
        StringBuilder out = new StringBuilder("{\"code\":\"").append(error.code().name()).append("\",\"message\":");
        dev.herald.adapter.http.JsonText.appendString(out, error.message());
        return out.append('}').toString();
    }

    /**
     * One SSE message. A stored payload may hold line breaks between JSON tokens; each line goes in a
     * {@code data:} line of its own, which EventSource joins with line feeds into the same JSON.
     */
    static byte[] frame(String id, String event, String data) {
        StringBuilder out = new StringBuilder(data.length() + 48);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        out.append("event: ").append(event).append('\n');
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, data.length()).append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
