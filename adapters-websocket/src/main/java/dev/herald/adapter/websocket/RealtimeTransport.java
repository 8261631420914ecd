package dev.herald.adapter.websocket;

/**
 * What carries {@code /realtime} (setting {@code herald.socket.transport}). Both speak the same
 * contract through the same {@link RealtimeServices}; they differ in how frames reach the socket.
 */
public enum RealtimeTransport {
    /**
     * A servlet HTTP upgrade with Herald's own RFC 6455 framing and non-blocking servlet I/O: frames
     * queued for a busy connection go out in one socket write, and no thread hand-off per frame.
     */
    SERVLET_UPGRADE,
    /** The container's Jakarta WebSocket implementation ({@link RealtimeEndpoint}). */
    JAKARTA_WEBSOCKET
}
