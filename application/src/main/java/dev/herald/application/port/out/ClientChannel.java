package dev.herald.application.port.out;

import dev.herald.domain.client.ClientId;

/**
 * The way to one connected client, implemented by the transport adapter. Sends never block: they
 * queue, and the adapter writes asynchronously, so one slow client never delays the others.
 * Messages to an unknown or closed client are dropped.
 */
public interface ClientChannel {

    /** Queues a message for the client, after everything queued before it. */
    void send(ClientId client, ServerMessage message);

    /**
     * Closes the connection: {@code finalError} is written ahead of whatever is still queued (which
     * is discarded), then the close frame with {@code closeCode}.
     */
    void close(ClientId client, ServerMessage.Error finalError, int closeCode);

    /**
     * True when the client's outbound backlog is low enough to queue more catch-up events. Lets a
     * large catch-up stream at the client's pace instead of flooding its queue.
     */
    boolean hasRoom(ClientId client);
}
