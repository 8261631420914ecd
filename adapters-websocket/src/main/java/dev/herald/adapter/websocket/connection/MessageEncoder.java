package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.ServerMessageJson;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.job.JobEvent;

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
        OutboundFrame frame = OutboundFrame.liveEvent(ServerMessageJson.relayed(message.event()),
                message.event().occurredAt().toEpochMilli());
        lastRelayed.set(new LastRelayed(message, frame));
        return frame;
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
        String text = ServerMessageJson.event(event, message.replay());
        OutboundFrame frame = message.replay() ? OutboundFrame.of(text)
                : OutboundFrame.liveEvent(text, event.occurredAt().toEpochMilli());
        cache.set(slot, new Cached(jobId, event.seq(), message.replay(), frame));
        return frame;
    }

    static String text(ServerMessage message) {
        return ServerMessageJson.text(message);
    }
}
