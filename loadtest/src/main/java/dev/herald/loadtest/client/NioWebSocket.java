package dev.herald.loadtest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection of the lean client: a non-blocking socket served by one {@link NioEventLoop}. It
 * connects, runs the opening handshake, then decodes the server's frames and reports them to its
 * {@link Connection} on the loop thread; it answers pings and the server's close. Everything but
 * {@link #sendText}, {@link #sendClose} and {@link #abort} (any thread) runs on the loop thread.
 */
final class NioWebSocket implements WsSocket, WsFrameDecoder.Handler, NioEventLoop.Handler {

    private enum State { CONNECTING, HANDSHAKE, OPEN, CLOSED }

    /** A frame being written and who waits for it (null: nobody). */
    private record PendingWrite(ByteBuffer frame, CompletableFuture<Void> done) {
    }

    private final Connection connection;
    private final NioEventLoop loop;
    private final InetSocketAddress address;
    private final WsHandshake handshake;
    private final CompletableFuture<Void> opening = new CompletableFuture<>();
    private final WsFrameDecoder decoder = new WsFrameDecoder();
    /** Set when a close frame is queued: no more sends after it (RFC 6455 5.5.1). */
    private final AtomicBoolean outputClosed = new AtomicBoolean();
    /** Set by {@link #abort}: the connection hears nothing more. */
    private volatile boolean aborted;

    // loop thread only
    private State state = State.CONNECTING;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer request;
    private byte[] head = new byte[512];
    private int headLength;
    private ArrayDeque<PendingWrite> writes;
    private boolean closeReceived;
    private long readNanos;

    NioWebSocket(Connection connection, NioEventLoop loop, InetSocketAddress address, WsHandshake handshake) {
        this.connection = connection;
        this.loop = loop;
        this.address = address;
        this.handshake = handshake;
    }

    /** Connects and writes the upgrade request; completes when the server's 101 checked out. */
    CompletableFuture<Void> open(byte[] upgradeRequest, long timeoutMillis) {
        request = ByteBuffer.wrap(upgradeRequest);
        loop.execute(this::connect);
        loop.schedule(timeoutMillis, () -> {
            if (state == State.CONNECTING || state == State.HANDSHAKE) {
                failOpen(new HttpConnectTimeoutException("WebSocket connect timed out after " + timeoutMillis + " ms"));
            }
        });
        return opening;
    }

    // any thread

    @Override
    public CompletableFuture<?> sendText(String text) {
        if (outputClosed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("output closed"));
        }
        return queue(WsFrameEncoder.text(text));
    }

    @Override
    public CompletableFuture<?> sendClose(int code, String reason) {
        if (!outputClosed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return queue(WsFrameEncoder.close(code, reason));
    }

    @Override
    public void abort() {
        aborted = true;
        outputClosed.set(true);
        loop.execute(() -> {
            if (!opening.isDone()) {
                failOpen(new IOException("aborted"));
            }
            closeChannel();
        });
    }

    private CompletableFuture<Void> queue(ByteBuffer frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> write(frame, done));
        return done;
    }

    // loop thread

    private void connect() {
        if (state != State.CONNECTING) {
            return; // timed out or aborted before the loop got here
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = loop.register(channel, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
            if (connected) {
                state = State.HANDSHAKE;
            }
        } catch (IOException e) {
            failOpen(e);
        }
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        try {
            if (readyKey.isConnectable()) {
                if (!channel.finishConnect()) {
                    return;
                }
                state = State.HANDSHAKE;
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && readyKey.isWritable()) {
                if (state == State.HANDSHAKE) {
                    writeRequest();
                } else {
                    flush();
                }
            }
            if (key.isValid() && readyKey.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            // a listener that throws ends its connection, as with the JDK client
            lost(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    @Override
    public void onLoopClosed() {
        aborted = true;
        if (!opening.isDone()) {
            failOpen(new IOException("WebSocket client closed"));
        }
        closeChannel();
    }

    private void writeRequest() throws IOException {
        channel.write(request);
        if (!request.hasRemaining()) {
            request = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            endOfStream();
            return;
        }
        if (n == 0) {
            return;
        }
        readNanos = System.nanoTime();
        buffer.flip();
        if (state == State.HANDSHAKE) {
            readResponseHead(buffer);
        } else if (state == State.OPEN) {
            decoder.feed(buffer, this);
        }
    }

    /** Collects the 101 answer; bytes after its blank line are already frames. */
    private void readResponseHead(ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        if (headLength + n > head.length) {
            byte[] grown = new byte[Math.max(head.length * 2, headLength + n)];
            System.arraycopy(head, 0, grown, 0, headLength);
            head = grown;
        }
        buffer.get(head, headLength, n);
        headLength += n;
        int end = WsHandshake.headEnd(head, headLength);
        if (end < 0) {
            if (headLength > WsHandshake.MAX_RESPONSE_HEAD) {
                throw new WsHandshakeException(0, "WebSocket handshake: response head over " + WsHandshake.MAX_RESPONSE_HEAD + " bytes");
            }
            return;
        }
        handshake.verify(new String(head, 0, end - 4, StandardCharsets.ISO_8859_1));
        if (handshake.deflateAgreed()) {
            decoder.inflateCompressed(handshake.serverKeepsContext());
        }
        ByteBuffer firstFrames = ByteBuffer.wrap(head, end, headLength - end);
        head = null;
        state = State.OPEN;
        connection.opened(this);
        opening.complete(null); // the caller's next steps (a subscribe) are queued before the first frames are read
        if (state == State.OPEN && firstFrames.hasRemaining()) {
            decoder.feed(firstFrames, this);
        }
    }

    @Override
    public void onText(byte[] bytes, int offset, int length) {
        if (!aborted) {
            connection.received(bytes, offset, length, readNanos);
        }
    }

    @Override
    public void onPing(byte[] payload) {
        if (!outputClosed.get()) {
            write(WsFrameEncoder.pong(payload), null);
        }
    }

    @Override
    public void onClose(int code, String reason) {
        closeReceived = true;
        if (!aborted) {
            connection.closedByServer(code, reason);
        }
        if (outputClosed.compareAndSet(false, true)) {
            write(WsFrameEncoder.close(code, ""), null); // echo the code, as RFC 6455 5.5.1 suggests
        }
        if (writes == null || writes.isEmpty()) {
            closeChannel();
        }
    }

    private void write(ByteBuffer frame, CompletableFuture<Void> done) {
        if (state != State.OPEN) {
            if (done != null) {
                done.completeExceptionally(new IOException("connection closed"));
            }
            return;
        }
        if (writes == null) {
            writes = new ArrayDeque<>(4);
        }
        writes.add(new PendingWrite(frame, done));
        if (writes.size() == 1) {
            try {
                flush();
            } catch (IOException e) {
                lost(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
        }
    }

    /** Writes queued frames until the socket would block; then waits for OP_WRITE. */
    private void flush() throws IOException {
        PendingWrite next;
        while ((next = writes.peek()) != null) {
            channel.write(next.frame());
            if (next.frame().hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            writes.poll();
            if (next.done() != null) {
                next.done().complete(null);
            }
        }
        key.interestOps(SelectionKey.OP_READ);
        if (closeReceived) {
            closeChannel(); // the close was answered: the handshake of RFC 6455 7.1.1 is done
        }
    }

    private void endOfStream() {
        if (state != State.OPEN) {
            failOpen(new IOException("connection closed during the WebSocket handshake"));
        } else if (closeReceived) {
            closeChannel();
        } else {
            lost("EOF without a close frame", null);
        }
    }

    /** Gone without a close frame: 1006 to the connection (or a failed open during the handshake). */
    private void lost(String reason, Throwable error) {
        if (state == State.CONNECTING || state == State.HANDSHAKE) {
            failOpen(error != null ? error : new IOException(reason));
            return;
        }
        boolean wasOpen = state == State.OPEN;
        closeChannel();
        if (wasOpen && !closeReceived && !aborted) {
            connection.failed(reason);
        }
    }

    private void failOpen(Throwable error) {
        closeChannel();
        opening.completeExceptionally(error);
    }

    private void closeChannel() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        outputClosed.set(true);
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
        if (writes != null) {
            writes.forEach(w -> {
                if (w.done() != null) {
                    w.done().completeExceptionally(new IOException("connection closed"));
                }
            });
            writes.clear();
        }
    }
}
