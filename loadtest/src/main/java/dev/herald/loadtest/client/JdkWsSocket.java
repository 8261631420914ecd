package dev.herald.loadtest.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Connection} over the JDK's {@link WebSocket}: its listener reports to the connection, and
 * sends are chained, because the JDK client allows one outstanding send.
 */
final class JdkWsSocket implements WsSocket, WebSocket.Listener {

    private final Connection connection;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket ws;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    JdkWsSocket(Connection connection) {
        this.connection = connection;
    }

    @Override
    public synchronized CompletableFuture<?> sendText(String text) {
        WebSocket socket = ws;
        lastSend = lastSend.handle((ok, error) -> null).thenCompose(ignored -> socket.sendText(text, true));
        return lastSend;
    }

    @Override
    public CompletableFuture<?> sendClose(int code, String reason) {
        return ws.sendClose(code, reason);
    }

    @Override
    public void abort() {
        ws.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        connection.opened(this);
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        String text;
        if (partial.length() == 0 && last) {
            text = data.toString();
        } else {
            partial.append(data);
            if (!last) {
                return null;
            }
            text = partial.toString();
            partial.setLength(0);
        }
        connection.received(text, now);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        connection.closedByServer(statusCode, reason);
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        connection.failed(String.valueOf(error.getMessage()));
    }
}
