package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.MembersJson;
import dev.herald.adapter.http.SenderJson;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns server messages into the contract's JSON frames. Event frames are the hot path: a live
 * event goes to every subscriber of its job, and a popular job's history to every client that
 * catches up, so an event's frame (its JSON, UTF-8 bytes and WebSocket header) is built once and
 * the same {@link OutboundFrame} kept in a small direct-mapped cache keyed by (job, seq, replay). A
 * stored event never changes, so a cached frame is never stale; a collision only costs a re-encode.
 * A relayed event (ephemeral channel) has no seq to key it by: its room hands one message instance
 * to every member in turn, so the last relayed message's frame is kept by identity.
 */
final class MessageEncoder {

    private static final int CACHE_SIZE = 4096; // a power of two

    private record Cached(String jobId, long seq, boolean replay, OutboundFrame frame) {
    }

    private record LastRelayed(ServerMessage.Relayed message, OutboundFrame frame) {
    }

    private final AtomicReferenceArray<Cached> cache = new AtomicReferenceArray<>(CACHE_SIZE);
    private final AtomicReference<LastRelayed> lastRelayed = new AtomicReference<>();

    OutboundFrame encode(ServerMessage message) {
        if (message instanceof ServerMessage.Event event) {
            return eventFrame(event);
        }
        if (message instanceof ServerMessage.Relayed relayed) {
            return relayedFrame(relayed);
        }
        return OutboundFrame.of(text(message));
    }

    private OutboundFrame relayedFrame(ServerMessage.Relayed message) {
        LastRelayed last = lastRelayed.get();
        if (last != null && last.message == message) {
            return last.frame;
        }
        OutboundFrame frame = OutboundFrame.liveEvent(encodeRelayed(message.event()),
                message.event().occurredAt().toEpochMilli());
        lastRelayed.set(new LastRelayed(message, frame));
        return frame;
    }

    /** An ephemeral channel's event: no seq, no replay. */
    private static String encodeRelayed(RelayedEvent event) {
        StringBuilder out = new StringBuilder(128 + event.payload().length());
        out.append("{\"type\":\"event\",\"jobId\":");
        JsonText.appendString(out, event.jobId().value());
        out.append(",\"eventType\":");
        JsonText.appendString(out, event.eventType().value());
        out.append(",\"occurredAt\":\"").append(WireTime.format(event.occurredAt())).append("\",\"payload\":")
                .append(event.payload());
        event.from().ifPresent(from -> SenderJson.appendField(out, from));
        return out.append('}').toString();
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
                .append(event.payload()).append(",\"replay\":").append(replay);
        event.from().ifPresent(from -> SenderJson.appendField(out, from));
        return out.append('}').toString();
    }

    static String text(ServerMessage message) {
        if (message instanceof ServerMessage.Event e) {
            return encodeEvent(e.event(), e.replay());
        }
        if (message instanceof ServerMessage.Relayed r) {
            return encodeRelayed(r.event());
        }
        StringBuilder out = new StringBuilder(96);
        if (message instanceof ServerMessage.Subscribed s) {
            out.append("{\"type\":\"subscribed\",\"jobId\":");
            JsonText.appendString(out, s.jobId().value());
            out.append(",\"afterSeq\":").append(s.afterSeq()).append(",\"headSeq\":").append(s.headSeq())
                    .append(",\"firstSeq\":").append(s.firstSeq()).append(",\"truncated\":").append(s.truncated());
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
        } else if (message instanceof ServerMessage.Published p) {
            out.append("{\"type\":\"published\",\"jobId\":");
            JsonText.appendString(out, p.jobId().value());
            if (p.seq().isPresent()) {
                out.append(",\"seq\":").append(p.seq().getAsLong());
            }
            requestId(out, p.requestId());
        } else if (message instanceof ServerMessage.Pong p) {
            out.append("{\"type\":\"pong\"");
            requestId(out, p.requestId());
        } else if (message instanceof ServerMessage.Presence p) {
            out.append("{\"type\":\"presence\",\"jobId\":");
            JsonText.appendString(out, p.jobId().value());
            out.append(",\"members\":");
            MembersJson.appendArray(out, p.members());
            requestId(out, p.requestId());
        } else if (message instanceof ServerMessage.MemberChanged m) {
            out.append("{\"type\":\"").append(m.kind().wireName()).append("\",\"jobId\":");
            JsonText.appendString(out, m.jobId().value());
            out.append(',');
            MembersJson.appendFields(out, m.member());
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
