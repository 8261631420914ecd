package dev.herald.adapter.websocket.connection;

import java.io.IOException;

/**
 * The transport under one connection: blocking text writes, one at a time, and close. A
 * servlet-upgraded socket or a Jakarta WebSocket session in the server; a recording fake in tests.
 */
public interface FrameSink {

    /**
     * Writes {@code frame} and returns once the transport has taken it, within the write timeout:
     * past it, the write fails with {@link WriteTimeoutException}. {@code more} says that another
     * frame is queued behind this one, so a buffering transport may wait for it and write both at
     * once. The frame is shared with other connections: it must not be modified.
     */
    void send(OutboundFrame frame, boolean more) throws IOException;

    /**
     * Writes a protocol-level ping with this payload (at most 125 bytes), like {@link #send}: the
     * server's heartbeat ({@link Heartbeat}).
     */
    void ping(byte[] payload) throws IOException;

    /**
     * Sends the close frame with this code and reason (at most 123 bytes), after the frames written
     * before it, and closes. Called on a writer thread: it may block like a write.
     */
    void close(int code, String reason);

    /**
     * Cuts the connection now, even with a write in progress (a client that stopped reading): the
     * close frame is sent only if the transport can do so without waiting. Never blocks.
     */
    void abort(int code, String reason);

    boolean isOpen();
}
