package dev.herald.loadtest.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection to the gateway. Frames go to its {@link FrameListener} with the time they
 * were read; sends are written one after the other. The transport underneath ({@link WsSocket}) is
 * the JDK client or the lean NIO client: both report to this class the same way.
 */
public final class Connection {

    static final int NORMAL_CLOSURE = 1000;
    /** No close frame: EOF, I/O error or protocol error (RFC 6455 7.4.1). */
    static final int ABNORMAL_CLOSURE = 1006;

    private final int index;
    private final FrameListener listener;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WsSocket socket;
    private volatile String closeReason;

    Connection(int index, FrameListener listener) {
        this.index = index;
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    /** Queues a text frame; the future completes when it was written (or failed). */
    public CompletableFuture<?> send(String text) {
        WsSocket s = socket;
        if (closed.isDone() || s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
        }
        return s.sendText(text);
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
        WsSocket s = socket;
        if (s == null || closed.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return s.sendClose(NORMAL_CLOSURE, "load test done")
                .thenCompose(sent -> closed)
                .orTimeout(1, TimeUnit.SECONDS)
                .handle((ok, error) -> {
                    s.abort();
                    closed.complete(NORMAL_CLOSURE);
                    return null;
                });
    }

    public void abort() {
        WsSocket s = socket;
        if (s != null) {
            s.abort();
        }
        closed.complete(ABNORMAL_CLOSURE);
    }

    // what the transports report, on their own thread, in order

    void opened(WsSocket openedSocket) {
        socket = openedSocket;
    }

    void received(String text, long receivedNanos) {
        listener.onFrame(this, FrameReader.read(text), receivedNanos);
    }

    /** A text frame's UTF-8 bytes, read before this returns (the caller may reuse the array). */
    void received(byte[] utf8, int offset, int length, long receivedNanos) {
        listener.onFrame(this, FrameReader.read(utf8, offset, length), receivedNanos);
    }

    /** The server's close frame: its code (1005 when it had none) and reason. */
    void closedByServer(int code, String reason) {
        closeReason = reason;
        if (closed.complete(code)) {
            listener.onClose(this, code, reason);
        }
    }

    /** Gone without a close frame: reported as 1006, like the JDK client's onError. */
    void failed(String reason) {
        closeReason = reason;
        if (closed.complete(ABNORMAL_CLOSURE)) {
            listener.onClose(this, ABNORMAL_CLOSURE, reason);
        }
    }
}
