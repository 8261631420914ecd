package dev.herald.adapter.websocket;

import java.nio.charset.StandardCharsets;

/**
 * One text frame waiting to be written, encoded once: the same instance goes to every subscriber
 * of an event (see {@link FrameEncoder}), so a fan-out to thousands of clients converts and frames
 * the text once, not once per client. Only the wire bytes are kept (a cached frame costs its size
 * once, not twice); the text is decoded from them for the transport that needs it. Immutable: the
 * wire bytes are never modified after construction.
 */
final class OutboundFrame {

    private final byte[] wire;
    private final int bytes;
    private final long publishedAtMillis;

    private OutboundFrame(String text, long publishedAtMillis) {
        this.wire = ServerFrames.text(text);
        this.bytes = wire.length - ServerFrames.headerLength(wire);
        this.publishedAtMillis = publishedAtMillis;
    }

    static OutboundFrame of(String text) {
        return new OutboundFrame(text, -1);
    }

    /** @param publishedAtMillis when the event was published (for publish-to-send latency) */
    static OutboundFrame liveEvent(String text, long publishedAtMillis) {
        return new OutboundFrame(text, publishedAtMillis);
    }

    /** The frame's text, decoded again: for transports that frame it themselves (Jakarta WebSocket). */
    String text() {
        int header = ServerFrames.headerLength(wire);
        return new String(wire, header, wire.length - header, StandardCharsets.UTF_8);
    }

    /** The whole frame as it goes on the wire (RFC 6455 header and UTF-8 payload); do not modify. */
    byte[] wire() {
        return wire;
    }

    /** The payload's size in UTF-8: what the backlog limit counts. */
    int bytes() {
        return bytes;
    }

    /** For a live event, when it was published; else -1. */
    long publishedAtMillis() {
        return publishedAtMillis;
    }

    boolean isLiveEvent() {
        return publishedAtMillis >= 0;
    }
}
