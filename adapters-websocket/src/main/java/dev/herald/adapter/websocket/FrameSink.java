package dev.herald.adapter.websocket;

import java.util.function.Consumer;

/**
 * The transport under one connection: asynchronous text writes, one at a time, and close. A
 * servlet-upgraded socket or a Jakarta WebSocket session in the server; a recording fake in tests.
 */
interface FrameSink {

    /**
     * Starts writing {@code text}; {@code done} is called once with null on success or the failure,
     * possibly on the calling thread before this returns. {@code more} says that another frame is
     * queued behind this one: a transport that can may hold this one back to write both at once.
     */
    void sendText(String text, boolean more, Consumer<Throwable> done);

    /** Sends the close frame with this code and reason (at most 123 bytes) and closes. */
    void close(int code, String reason);

    boolean isOpen();
}
