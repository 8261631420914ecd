package dev.herald.adapter.http;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;

import java.util.Optional;

/**
 * The contract's JSON for each server message, one text per message: the WebSocket frames carry
 * it as they are, and a Server-Sent Events stream carries the same text as its {@code data}.
 */
public final class ServerMessageJson {

    private ServerMessageJson() {
    }

    /** An ephemeral channel's event: no seq, no replay. */
    public static String relayed(RelayedEvent event) {
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

    public static String event(JobEvent event, boolean replay) {
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

    public static String text(ServerMessage message) {
        if (message instanceof ServerMessage.Event e) {
            return event(e.event(), e.replay());
        }
        if (message instanceof ServerMessage.Relayed r) {
            return relayed(r.event());
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
