package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.job.JobEvent;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns server messages into the contract's JSON frames. Event frames are the hot path: a live
 * event goes to every subscriber of its job, and a popular job's history to every client that
 * catches up, so an event's frame (its JSON, UTF-8 bytes and WebSocket header) is built once and
 * the same {@link OutboundFrame} kept in a small direct-mapped cache keyed by (job, seq, replay). A
 * stored event never changes, so a cached frame is never stale; a collision only costs a re-encode.
 */
final class MessageEncoder {

    private static final int CACHE_SIZE = 4096; // a power of two

    private record Cached(String jobId, long seq, boolean replay, OutboundFrame frame) {
    }

    private final AtomicReferenceArray<Cached> cache = new AtomicReferenceArray<>(CACHE_SIZE);

    OutboundFrame encode(ServerMessage message) {
        if (message instanceof ServerMessage.Event event) {
            return eventFrame(event);
        }
        return OutboundFrame.of(text(message));
    }

    private OutboundFrame eventFrame(ServerMessage.Event message) {
        JobEvent event = message.event();
        String jobId = event.jobId().value();
        int slot = (jobId.hashCode() * 31 + Long.hashCode(event.seq()) * 2 + (message.replay() ? 1 : 0)) & (CACHE_SIZE - 1);
        Cached cached = cache.get(slot);
        if (cached != null && cached.seq == event.seq() && cached.replay == message.replay()
                && cached.jobId.equals(jobId)) {
            return cached.frame;
        }
        String text = encodeEvent(event, message.replay());
        OutboundFrame frame = message.replay() ? OutboundFrame.of(text)
                : OutboundFrame.liveEvent(text, event.occurredAt().toEpochMilli());
        cache.set(slot, new Cached(jobId, event.seq(), message.replay(), frame));
        return frame;
    }

    private static String encodeEvent(JobEvent event, boolean replay) {
        StringBuilder out = new StringBuilder(96 + event.payload().length());
        out.append("{\"type\":\"event\",\"jobId\":");
        JsonText.appendString(out, event.jobId().value());
        out.append(",\"seq\":").append(event.seq()).append(",\"eventType\":");
        JsonText.appendString(out, event.eventType().value());
        out.append(",\"occurredAt\":\"").append(WireTime.format(event.occurredAt())).append("\",\"payload\":")
                .append(event.payload()).append(",\"replay\":").append(replay).append('}');
        return out.toString();
    }

    static String text(ServerMessage message) {
        if (message instanceof ServerMessage.Event e) {
            return encodeEvent(e.event(), e.replay());
        }
        StringBuilder out = new StringBuilder(96);
        if (message instanceof ServerMessage.Subscribed s) {
            out.append("{\"type\":\"subscribed\",\"jobId\":");
            JsonText.appendString(out, s.jobId().value());
            out.append(",\"afterSeq\":").append(s.afterSeq()).append(",\"headSeq\":").append(s.headSeq());
            requestId(out, s.requestId());
        } else if (message instanceof ServerMessage.CaughtUp c) {
            out.append("{\"type\":\"caught-up\",\"jobId\":");
            JsonText.appendString(out, c.jobId().value());
            out.append(",\"seq\":").append(c.seq()).append(",\"replayed\":").append(c.replayed())
                    .append(",\"durationMs\":").append(c.durationMs());
        } else if (message instanceof ServerMessage.Unsubscribed u) {
            out.append("{\"type\":\"unsubscribed\",\"jobId\":");
            JsonText.appendString(out, u.jobId().value());
            requestId(out, u.requestId());
        } else if (message instanceof ServerMessage.Pong p) {
            out.append("{\"type\":\"pong\"");
            requestId(out, p.requestId());
        } else if (message instanceof ServerMessage.Refreshed r) {
            out.append("{\"type\":\"refreshed\",\"expiresAt\":");
            if (r.expiresAt().isPresent()) {
                out.append('"').append(WireTime.format(r.expiresAt().get())).append('"');
            } else {
                out.append("null");
            }
            requestId(out, r.requestId());
        } else if (message instanceof ServerMessage.Error e) {
            out.append("{\"type\":\"error\",\"code\":\"").append(e.code().name()).append("\",\"message\":");
            JsonText.appendString(out, e.message());
            if (e.jobId().isPresent()) {
                out.append(",\"jobId\":");
                JsonText.appendString(out, e.jobId().get().value());
            }
            requestId(out, e.requestId());
        } else {
            throw new IllegalArgumentException("unknown message " + message.getClass());
        }
        return out.append('}').toString();
    }

    private static void requestId(StringBuilder out, Optional<String> requestId) {
        if (requestId.isPresent()) {
            out.append(",\"id\":");
            JsonText.appendString(out, requestId.get());
        }
    }
}
