package dev.herald.adapter.websocket.connection;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One text message waiting to be written, encoded once: the same instance goes to every subscriber
 * of an event (see {@link MessageEncoder}), so a fan-out to thousands of clients converts the text
 * to UTF-8 once, not once per client. The frame carries that payload once; each transport frames
 * it its own way ({@link WireForm}: an RFC 6455 header, a compressed frame, a container's text)
 * and caches that form on the frame, so it too is built once per frame, not per client.
 * Immutable: the payload is never modified after construction.
 */
public final class OutboundFrame {

    private final byte[] utf8;
    private final long publishedAtMillis;
    private final AtomicReferenceArray<Object> wireForms = new AtomicReferenceArray<>(WireForm.SLOTS);

    private OutboundFrame(String text, long publishedAtMillis) {
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        this.publishedAtMillis = publishedAtMillis;
    }

    public static OutboundFrame of(String text) {
        return new OutboundFrame(text, -1);
    }

    /** @param publishedAtMillis when the event was published (for publish-to-send latency) */
    public static OutboundFrame liveEvent(String text, long publishedAtMillis) {
        return new OutboundFrame(text, publishedAtMillis);
    }

    /** The message's UTF-8 bytes; do not modify. */
    public byte[] utf8() {
        return utf8;
    }

    /** The message as text, decoded again (for tests and diagnostics; transports use a {@link WireForm}). */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * This frame in a transport's wire form, built on first use and kept: two threads may both
     * build it, and either result is the same, so no lock is needed.
     */
    @SuppressWarnings("unchecked")
    public <T> T wireForm(WireForm<T> form) {
        Object cached = wireForms.get(form.slot());
        if (cached == null) {
            cached = form.build(utf8);
            wireForms.set(form.slot(), cached);
        }
        return (T) cached;
    }

    /** The payload's size in UTF-8: what the backlog limit counts. */
    public int bytes() {
        return utf8.length;
    }

    /** For a live event, when it was published; else -1. */
    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    public boolean isLiveEvent() {
        return publishedAtMillis >= 0;
    }
}
