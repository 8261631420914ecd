package dev.herald.loadtest.client;

import java.util.concurrent.CompletableFuture;

/** Opens the WebSocket under a {@link Connection}: the JDK client or the lean NIO one. */
interface WsDialer extends AutoCloseable {

    /**
     * Connects and runs the opening handshake; the connection is open (it can send) when the future
     * completes. A refused handshake fails the future, with the HTTP status in the message.
     */
    CompletableFuture<Void> open(Connection connection, String origin);

    @Override
    void close();
}
