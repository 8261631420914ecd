package dev.herald.adapter.websocket;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The outbound side of a servlet-upgraded socket, written with non-blocking servlet output.
 *
 * <p>A frame is written on the sending thread while the stream is ready, and its completion is
 * reported at once, so a connection with frames queued writes them back to back and flushes once,
 * when no more are queued: a catch-up of hundreds of events goes out in a few socket writes, not
 * one write and two thread hand-offs per frame. When the socket's buffer is full the frame waits
 * here and the container calls {@link #onWritePossible()} once there is room; no thread waits.
 *
 * <p>Close: the close frame is written after everything queued, and the TCP connection is closed
 * when the client answers it or after a grace period, whichever comes first. A second close, or a
 * close with a frame stuck in the buffer, aborts the connection at once.
 */
final class UpgradedFrameSink implements FrameSink, WriteListener {

    private static final System.Logger LOG = System.getLogger(UpgradedFrameSink.class.getName());

    /** A frame waiting for the socket; {@code done} is null for control frames. */
    private record Pending(byte[] bytes, Consumer<Throwable> done, boolean flush) {
    }

    private enum State { OPEN, CLOSE_SENT, CLOSED }

    private final ServletOutputStream out;
    private final Runnable closeConnection;
    private final ScheduledExecutorService scheduler;
    private final Duration closeGrace;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean flushWanted;
    private State state = State.OPEN;
    /** How the connection was closed ("code reason"), once a close frame went either way. */
    private volatile String closedWith;

    /**
     * @param closeConnection closes the TCP connection (the upgraded connection's close)
     * @param scheduler       runs the close after the grace period
     */
    UpgradedFrameSink(ServletOutputStream out, Runnable closeConnection, ScheduledExecutorService scheduler,
                      Duration closeGrace) {
        this.out = out;
        this.closeConnection = closeConnection;
        this.scheduler = scheduler;
        this.closeGrace = closeGrace;
    }

    @Override
    public void sendText(String text, boolean more, Consumer<Throwable> done) {
        byte[] frame = ServerFrames.text(text);
        List<Consumer<Throwable>> written;
        synchronized (this) {
            if (state != State.OPEN) {
                written = null;
            } else {
                pending.add(new Pending(frame, done, !more));
                written = writePending();
            }
        }
        if (written == null) {
            done.accept(new IOException("connection closing"));
            return;
        }
        complete(written, null);
    }

    /** Answers a client's ping. */
    void pong(byte[] payload) {
        List<Consumer<Throwable>> written;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            pending.add(new Pending(ServerFrames.pong(payload), null, true));
            written = writePending();
        }
        complete(written, null);
    }

    @Override
    public void close(int code, String reason) {
        boolean abort;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            // a second close (the forced one), or a frame stuck in a full buffer: nothing more gets through
            abort = state == State.CLOSE_SENT || !pending.isEmpty();
            if (!abort) {
                state = State.CLOSE_SENT;
                closedWith = code + " " + reason;
                pending.add(new Pending(ServerFrames.close(code, reason), null, true));
                complete(writePending(), null);
            }
        }
        if (abort) {
            abort();
        } else {
            scheduler.schedule(this::abort, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The client sent its close frame: answer it (when we have not closed first) and hang up. */
    void closeReceived(int code, String reason) {
        synchronized (this) {
            if (closedWith == null) {
                closedWith = code + " " + reason;
            }
            if (state == State.OPEN && pending.isEmpty()) {
                state = State.CLOSE_SENT;
                // 1005 means the client gave no code: the answer carries none either
                pending.add(new Pending(code == ClientFrameDecoder.NO_STATUS ? ServerFrames.close(1000, "")
                        : ServerFrames.close(code, ""), null, true));
                complete(writePending(), null);
            }
        }
        abort();
    }

    /** Closes the TCP connection now; frames still waiting fail. */
    void abort() {
        List<Consumer<Throwable>> failed = new ArrayList<>();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            for (Pending p : pending) {
                if (p.done() != null) {
                    failed.add(p.done());
                }
            }
            pending.clear();
        }
        try {
            closeConnection.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Close of an upgraded connection failed: " + e);
        }
        complete(failed, new IOException("connection closed"));
    }

    /** "code reason" of the close frame that went first, either way; null when none did. */
    String closedWith() {
        return closedWith;
    }

    @Override
    public synchronized boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public void onWritePossible() {
        List<Consumer<Throwable>> written;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            written = writePending();
        }
        complete(written, null);
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Write failed on an upgraded connection: " + failure);
        abort();
    }

    /** Writes what the stream takes now. Under the lock; returns the completions to run outside it. */
    private List<Consumer<Throwable>> writePending() {
        List<Consumer<Throwable>> written = new ArrayList<>();
        try {
            while (!pending.isEmpty() && out.isReady()) {
                Pending next = pending.poll();
                out.write(next.bytes());
                flushWanted |= next.flush();
                if (next.done() != null) {
                    written.add(next.done());
                }
                if (flushWanted && out.isReady()) {
                    out.flush();
                    flushWanted = false;
                }
            }
            if (flushWanted && pending.isEmpty() && out.isReady()) {
                out.flush(); // the last frame went out while the stream was busy
                flushWanted = false;
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Write failed on an upgraded connection: " + e);
            scheduler.execute(this::abort);
        }
        return written;
    }

    private static void complete(List<Consumer<Throwable>> completions, Throwable failure) {
        for (Consumer<Throwable> done : completions) {
            done.accept(failure);
        }
    }
}
