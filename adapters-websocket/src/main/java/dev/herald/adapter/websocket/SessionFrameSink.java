package dev.herald.adapter.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A Jakarta WebSocket session as a {@link FrameSink}. Closing can block for seconds on a client
 * that stopped reading, so it runs on its own executor, never on a container or fan-out thread.
 */
final class SessionFrameSink implements FrameSink {

    private static final System.Logger LOG = System.getLogger(SessionFrameSink.class.getName());

    private final Session session;
    private final Executor closer;

    SessionFrameSink(Session session, Executor closer) {
        this.session = session;
        this.closer = closer;
    }

    @Override
    public void sendText(String text, boolean more, Consumer<Throwable> done) {
        session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
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

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }
}
