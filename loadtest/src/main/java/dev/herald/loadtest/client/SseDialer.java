package dev.herald.loadtest.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * "Opens" connections that follow jobs over Server-Sent Events instead of a WebSocket: nothing goes
 * on the wire until the scenario sends {@code subscribe}, which becomes
 * {@code GET /api/jobs/{jobId}/stream?afterSeq=N} ({@link SseStreamSocket}). The stream's messages
 * carry the WebSocket frames' JSON, so scenarios read them unchanged.
 */
final class SseDialer implements WsDialer {

    private final Target target;
    private final Duration connectTimeout;

    SseDialer(Target target, Duration connectTimeout) {
        this.target = target;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public CompletableFuture<Void> open(Connection connection, String origin) {
        connection.opened(new SseStreamSocket(target, origin, connectTimeout, connection));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
