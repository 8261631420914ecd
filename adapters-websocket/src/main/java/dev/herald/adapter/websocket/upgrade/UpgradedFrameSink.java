package dev.herald.adapter.websocket.upgrade;

import dev.herald.adapter.websocket.connection.FrameSink;
import dev.herald.adapter.websocket.connection.OutboundFrame;
import dev.herald.adapter.websocket.connection.WireForm;
import dev.herald.adapter.websocket.connection.WriteTimeoutException;
import dev.herald.adapter.websocket.rfc6455.CloseCodes;
import dev.herald.adapter.websocket.rfc6455.MessageDeflater;
import dev.herald.adapter.websocket.rfc6455.ServerFrames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The outbound side of a servlet-upgraded socket, written with blocking servlet output from a
 * writer thread.
 *
 * <p>The container buffers what is written and sends it when its buffer is full or on flush. A
 * frame with more queued behind it is only buffered; the last one of a burst flushes. So a
 * catch-up of hundreds of events, or a busy connection's backlog, goes out in a few socket writes
 * instead of one write per frame. Every write ends within the container's upgrade write timeout
 * ({@code upgradewritetimeout} in server.xml, set from {@code herald.socket.write-timeout-ms}); a
 * write that times out is a {@link WriteTimeoutException} and the connection is cut.
 *
 * <p>Close: the close frame is written (from a writer thread, after everything queued, or from the
 * reading thread when the client broke the protocol) and the TCP connection is closed when the
 * client answers it or after a grace period, whichever comes first; from the moment the close frame
 * is out, the reader looks for that answer only. When the client's answer cannot be recognized (its
 * own close frame was the violation, or frame boundaries are lost), {@link #closeAndHangUp} closes
 * TCP right after the close frame. A close frame from the client is answered and TCP closed at once.
 * {@link #abort(int, String)} closes the TCP connection at once, or, with a write waiting for the
 * client, as soon as that write ends.
 *
 * <p>Compression: on a connection that agreed to {@code permessage-deflate}, a text frame over the
 * threshold goes out compressed. The compressed frame is a wire form of the frame, built once for
 * all its subscribers (no context takeover makes it the same for every connection); a payload that
 * does not shrink goes out as it is.
 */
final class UpgradedFrameSink implements FrameSink {

    private static final System.Logger LOG = System.getLogger(UpgradedFrameSink.class.getName());

    /** A text frame's RFC 6455 header; the payload is the frame's own UTF-8 bytes, written after it. */
    private static final WireForm<byte[]> TEXT_HEADER = WireForm.of(utf8 -> ServerFrames.textHeader(utf8.length));
    /** The whole compressed frame (header with RSV1, then the deflated payload); empty when it would not be smaller. */
    static final WireForm<byte[]> DEFLATED_FRAME = WireForm.of(UpgradedFrameSink::deflatedFrame);
    private static final byte[] NOT_SMALLER = new byte[0];
    /** The threshold of a connection without compression. */
    static final int NEVER = -1;

    private enum State { OPEN, CLOSE_SENT, CLOSED }

    private final OutputStream out;
    private final Runnable closeConnection;
    private final Runnable goneForTheGateway;
    private final Consumer<Runnable> afterCloseGrace;
    private final Runnable closeSent;
    /** Text frames over this many bytes go out compressed; {@link #NEVER} without compression. */
    private final int compressAbove;
    /** Told the bytes saved each time a frame goes out compressed. */
    private final IntConsumer compressedSent;
    private final AtomicInteger writesInProgress = new AtomicInteger();
    /** Guards the stream: the writer thread's frames, the reader's pongs and close answers. */
    private final Object streamLock = new Object();
    private volatile State state = State.OPEN;
    /** How the connection was closed ("code reason"), once a close frame went either way. */
    private volatile String closedWith;

    /**
     * @param closeConnection    closes the TCP connection (the upgraded connection's close)
     * @param goneForTheGateway  tells the gateway the client is gone while its socket still drains
     * @param afterCloseGrace    runs a task once the grace a closing client gets to answer has passed
     * @param closeSent          told once the server's close frame is out: only the client's answer matters now
     */
    UpgradedFrameSink(OutputStream out, Runnable closeConnection, Runnable goneForTheGateway,
                      Consumer<Runnable> afterCloseGrace, Runnable closeSent) {
        this(out, closeConnection, goneForTheGateway, afterCloseGrace, closeSent, NEVER, saved -> { });
    }

    /**
     * @param compressAbove  text frames over this many bytes go out compressed; {@link #NEVER} for none
     * @param compressedSent told the bytes saved by each frame sent compressed (for metrics)
     */
    UpgradedFrameSink(OutputStream out, Runnable closeConnection, Runnable goneForTheGateway,
                      Consumer<Runnable> afterCloseGrace, Runnable closeSent, int compressAbove, IntConsumer compressedSent) {
        this.compressAbove = compressAbove;
        this.compressedSent = compressedSent;
        this.out = out;
        this.closeSent = closeSent;
        this.closeConnection = closeConnection;
        this.goneForTheGateway = goneForTheGateway;
        this.afterCloseGrace = afterCloseGrace;
    }

    @Override
    public void send(OutboundFrame frame, boolean more) throws IOException {
        if (state != State.OPEN) {
            throw new IOException("connection closing");
        }
        if (compressAbove != NEVER && frame.bytes() > compressAbove) {
            byte[] deflated = frame.wireForm(DEFLATED_FRAME);
            if (deflated != NOT_SMALLER) {
                writeData(deflated, null, !more);
                compressedSent.accept(plainFrameLength(frame.bytes()) - deflated.length);
                return;
            }
        }
        writeData(frame.wireForm(TEXT_HEADER), frame.utf8(), !more);
    }

    private static byte[] deflatedFrame(byte[] utf8) {
        byte[] frame = ServerFrames.compressedText(MessageDeflater.deflate(utf8));
        return frame.length < plainFrameLength(utf8.length) ? frame : NOT_SMALLER;
    }

    /** A frame's size on the wire: its header (2, 4 or 10 bytes, section 5.2) and payload. */
    static int plainFrameLength(int payloadBytes) {
        return (payloadBytes < 126 ? 2 : payloadBytes <= 0xffff ? 4 : 10) + payloadBytes;
    }

    /** Answers a client's ping (on the reading thread). */
    void pong(byte[] payload) {
        try {
            write(ServerFrames.pong(payload), true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Pong failed: " + e);
        }
    }

    /** A server ping (on a writer thread), the heartbeat's. */
    @Override
    public void ping(byte[] payload) throws IOException {
        write(ServerFrames.ping(payload), true);
    }

    /** Writes the close frame and hangs up once the client answers or the grace has passed. */
    @Override
    public void close(int code, String reason) {
        if (sendClose(code, reason)) {
            afterCloseGrace.accept(this::abort);
        }
    }

    /** Writes the close frame and hangs up at once: no answer from the client can be read. */
    void closeAndHangUp(int code, String reason) {
        sendClose(code, reason);
        abort();
    }

    /** @return whether the close frame went out and the client's answer is now awaited */
    private boolean sendClose(int code, String reason) {
        if (state != State.OPEN) {
            abort(); // a close after the connection broke, or a second close
            return false;
        }
        closedWith = code + " " + reason;
        state = State.CLOSE_SENT;
        try {
            writeControl(ServerFrames.close(code, reason));
        } catch (IOException e) {
            abort();
            return false;
        }
        closeSent.run();
        return true;
    }

    /** The client sent its close frame: answer it (when we have not closed first) and hang up. */
    void closeReceived(int code, String reason) {
        if (closedWith == null) {
            closedWith = code + " " + reason;
        }
        if (state == State.OPEN) {
            state = State.CLOSE_SENT;
            // 1005 means the client gave no code: the answer is a normal close
            byte[] answer = ServerFrames.close(code == CloseCodes.NO_STATUS ? CloseCodes.NORMAL : code, "");
            try {
                writeControl(answer);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Close answer failed: " + e);
            }
        }
        abort();
    }

    /**
     * With a write waiting for the client, the socket stays until that write ends (within the write
     * timeout): a client that reads again meanwhile still gets what was queued before the close, the
     * error frame and the close frame with its code. For the gateway the client is gone now.
     */
    @Override
    public void abort(int code, String reason) {
        if (closedWith == null) {
            closedWith = code + " " + reason;
        }
        if (state == State.OPEN && writesInProgress.get() > 0) {
            goneForTheGateway.run();
            return;
        }
        abort();
    }

    /** Closes the TCP connection now. */
    void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            closeConnection.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Close of an upgraded connection failed: " + e);
        }
    }

    /** "code reason" of the close frame that went first, either way; null when none did. */
    String closedWith() {
        return closedWith;
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    private void write(byte[] frame, boolean flush) throws IOException {
        if (state != State.OPEN) {
            throw new IOException("connection closing");
        }
        writeData(frame, null, flush);
    }

    /** Close frames go out after the state has left OPEN. */
    private void writeControl(byte[] frame) throws IOException {
        writeAnyway(frame, null, true);
    }

    /**
     * Writes a frame that may only go out while the connection is open. The state is checked again
     * under the stream's lock: a close frame written meanwhile (by the reading thread, on a protocol
     * violation) must be the last frame, so a reply queued before it is dropped rather than sent after it.
     */
    private void writeData(byte[] frame, byte[] payload, boolean flush) throws IOException {
        writeAnyway(frame, payload, flush, true);
    }

    private void writeAnyway(byte[] frame, byte[] payload, boolean flush) throws IOException {
        writeAnyway(frame, payload, flush, false);
    }

    /** Writes a frame, or a header and then its payload, under the stream's lock. */
    private void writeAnyway(byte[] frame, byte[] payload, boolean flush, boolean onlyWhileOpen) throws IOException {
        writesInProgress.incrementAndGet();
        try {
            synchronized (streamLock) {
                if (onlyWhileOpen && state != State.OPEN) {
                    throw new ConnectionClosing();
                }
                out.write(frame);
                if (payload != null) {
                    out.write(payload);
                }
                if (flush) {
                    out.flush();
                }
            }
        } catch (ConnectionClosing e) {
            throw e; // the close frame went first: nothing is broken
        } catch (IOException | IllegalStateException e) {
            abort();
            if (isTimeout(e)) {
                throw new WriteTimeoutException("write not taken within the upgrade write timeout", e);
            }
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            writesInProgress.decrementAndGet();
        }
    }

    /** A data frame met a close frame that went out first. */
    private static final class ConnectionClosing extends IOException {
        ConnectionClosing() {
            super("connection closing");
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
