package dev.herald.loadtest.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to the gateway. Frames go to its {@link FrameListener} with the time they
 * were read; sends are queued one after the other (the JDK client allows one outstanding send).
 */
public final class Connection {

    private final int index;
    private final FrameListener listener;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile String closeReason;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    Connection(int index, FrameListener listener) {
        this.index = index;
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    /** Queues a text frame; the future completes when it was written (or failed). */
    public CompletableFuture<?> send(String text) {
        synchronized (this) {
            if (closed.isDone() || socket == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            }
            WebSocket ws = socket;
            lastSend = lastSend.handle((ok, error) -> null).thenCompose(ignored -> ws.sendText(text, true));
            return lastSend;
        }
    }

    public void sendQuietly(String text) {
        send(text).exceptionally(error -> null);
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Sends a normal close and drops the connection if the server does not answer within a second. */
    public CompletableFuture<Void> close() {
        WebSocket ws = socket;
        if (ws == null || closed.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return ws.sendClose(WebSocket.NORMAL_CLOSURE, "load test done")
                .thenCompose(sent -> closed)
                .orTimeout(1, TimeUnit.SECONDS)
                .handle((ok, error) -> {
                    ws.abort();
                    closed.complete(1000);
                    return null;
                });
    }

    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(1006);
    }

    WebSocket.Listener webSocketListener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                socket = webSocket;
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
                listener.onFrame(Connection.this, FrameReader.read(text), now);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                if (closed.complete(statusCode)) {
                    listener.onClose(Connection.this, statusCode, reason);
                }
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeReason = String.valueOf(error.getMessage());
                if (closed.complete(1006)) {
                    listener.onClose(Connection.this, 1006, closeReason);
                }
            }
        };
    }
}
