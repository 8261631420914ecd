package dev.herald.adapter.websocket.jakarta;

import dev.herald.adapter.websocket.connection.FrameSink;
import dev.herald.adapter.websocket.connection.OutboundFrame;
import dev.herald.adapter.websocket.connection.WireForm;
import dev.herald.adapter.websocket.connection.WriteTimeoutException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Jakarta WebSocket session as a {@link FrameSink}. Writes go through the asynchronous remote
 * and the writer waits for them up to the write timeout: the container's synchronous writes have
 * no timeout on Liberty, and a writer blocked in one is never released.
 * Closing can block for seconds on a client that stopped reading, so it runs on its own executor,
 * never on a writer thread.
 */
final class SessionFrameSink implements FrameSink {

    private static final System.Logger LOG = System.getLogger(SessionFrameSink.class.getName());

    /** The container frames text itself: the frame's payload as a string, decoded once per frame. */
    private static final WireForm<String> TEXT = WireForm.of(utf8 -> new String(utf8, StandardCharsets.UTF_8));

    private final Session session;
    private final Executor closer;
    private final Duration writeTimeout;

    SessionFrameSink(Session session, Executor closer, Duration writeTimeout) {
        this.session = session;
        this.closer = closer;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void send(OutboundFrame frame, boolean more) throws IOException {
        try {
            session.getAsyncRemote().sendText(frame.wireForm(TEXT)).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WriteTimeoutException("write not taken within " + writeTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        }
    }

    /** The container writes pings itself; its asynchronous remote's ping returns once it is written. */
    @Override
    public void ping(byte[] payload) throws IOException {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        closer.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                }
            } catch (IOException | IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Close of session " + session.getId() + " failed: " + e);
            }
        });
    }

    /** The container closes on its own thread; it waits for a write in progress by itself. */
    @Override
    public void abort(int code, String reason) {
        close(code, reason);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }
}
