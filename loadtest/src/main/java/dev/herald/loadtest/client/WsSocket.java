package dev.herald.loadtest.client;

import java.util.concurrent.CompletableFuture;

/**
 * The transport under a {@link Connection}: the JDK WebSocket client or the lean NIO one. Sends may
 * come from any thread; each future completes when its frame was written (or failed).
 */
interface WsSocket {

    CompletableFuture<?> sendText(String text);

    CompletableFuture<?> sendClose(int code, String reason);

    /** Drops the TCP connection at once; the connection's listener hears nothing more. */
    void abort();
}
