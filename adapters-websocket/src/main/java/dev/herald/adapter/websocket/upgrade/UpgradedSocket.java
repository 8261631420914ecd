package dev.herald.adapter.websocket.upgrade;

import dev.herald.adapter.websocket.connection.Handshake;
import dev.herald.adapter.websocket.connection.InboundMessages;
import dev.herald.adapter.websocket.connection.RealtimeServices;
import dev.herald.adapter.websocket.rfc6455.ClientFrameDecoder;
import dev.herald.adapter.websocket.rfc6455.MessageInflater;
import dev.herald.adapter.websocket.rfc6455.PerMessageDeflate;
import dev.herald.domain.client.ClientId;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One WebSocket connection on a servlet-upgraded socket (transport {@code servlet-upgrade}): reads
 * the client's frames with non-blocking servlet input ({@link ClientFrameDecoder}), hands messages
 * to {@link InboundMessages}, and writes through an {@link UpgradedFrameSink} (blocking output on
 * writer threads). The container
 * creates it at the upgrade; {@link #attach} gives it what it serves before {@link #init} runs.
 */
public class UpgradedSocket implements HttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(UpgradedSocket.class.getName());
    private static final int READ_BUFFER = 8192;

    /**
     * permessage-deflate as agreed at the handshake: frames over {@code thresholdBytes} go out
     * compressed, and compressed messages are inflated up to {@code maxMessageBytes}.
     */
    record Deflate(PerMessageDeflate.Agreement agreement, int thresholdBytes, long maxMessageBytes) {
    }

    private final AtomicBoolean ended = new AtomicBoolean();
    /**
     * Held while the container's read callback runs. The connection's streams are not thread-safe:
     * its TCP connection is closed by whichever thread holds this, never beside a read in progress
     * on another. Closed beside one (a flooding client cut off while its frames were being read),
     * the socket sometimes stayed open and unread: the client's sends hung and the server's stop
     * waited for it (AbuseSoakIT, 2 runs in 11).
     */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean closeWanted;
    private final AtomicBoolean tcpClosed = new AtomicBoolean();
    private RealtimeServices services;
    private Handshake handshake;
    private ClientId client;
    private Consumer<Runnable> afterCloseGrace;
    /** Null when the connection has no compression. */
    private Deflate deflate;
    private MessageInflater inflater;
    private WebConnection connection;
    private UpgradedFrameSink sink;

    void attach(RealtimeServices services, Handshake handshake, ClientId client, Consumer<Runnable> afterCloseGrace,
                Deflate deflate) {
        this.deflate = deflate;
        this.services = services;
        this.handshake = handshake;
        this.client = client;
        this.afterCloseGrace = afterCloseGrace;
    }

    @Override
    public void init(WebConnection webConnection) {
        this.connection = webConnection;
        try {
            ServletInputStream in = webConnection.getInputStream();
            Frames frames = new Frames(services.inbound(client));
            if (deflate != null) {
                inflater = new MessageInflater(!deflate.agreement().clientNoContextTakeover());
            }
            ClientFrameDecoder decoder = deflate == null ? new ClientFrameDecoder(frames)
                    : new ClientFrameDecoder(frames, inflater, deflate.maxMessageBytes());
            frames.decoder = decoder;
            sink = new UpgradedFrameSink(webConnection.getOutputStream(), this::closeConnection, this::ended,
                    afterCloseGrace, decoder::awaitClose, deflate == null ? UpgradedFrameSink.NEVER : deflate.thresholdBytes(),
                    services.telemetry()::frameCompressed);
            services.opened(client, handshake, sink);
            in.setReadListener(new Reader(in, decoder));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Upgraded connection for client " + client + " failed to start: " + e);
            closeConnection();
        }
    }

    @Override
    public void destroy() {
        ended();
    }

    /**
     * Closes the TCP connection now, or, while a read callback runs on another thread, as soon as
     * it returns; for the gateway the client is gone at once either way.
     */
    private void closeConnection() {
        closeWanted = true; // before the try: a reader that holds the lock sees it once it lets go
        closeUnlessReading();
        ended();
    }

    private void closeUnlessReading() {
        if (!closeWanted || !reading.tryLock()) {
            return;
        }
        try {
            if (tcpClosed.compareAndSet(false, true)) {
                TcpCloser.close(connection);
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Close of client " + client + " failed: " + e);
        } finally {
            reading.unlock();
        }
    }

    /** Once per connection, however it ends: the client leaves the channel and the gateway. */
    private void ended() {
        if (ended.compareAndSet(false, true)) {
            if (inflater != null) {
                inflater.end(); // its native memory now, not at the next garbage collection
            }
            String closedWith = sink == null ? null : sink.closedWith();
            services.closed(client, closedWith == null ? "1006 connection lost" : closedWith);
        }
    }

    /**
     * Non-blocking reads: everything available now, then back to the container. Reading goes on
     * after a violation or a close (the decoder then only looks for the client's close frame, or
     * discards), so the container keeps calling back until the connection ends.
     */
    private final class Reader implements ReadListener {
        private final ServletInputStream in;
        private final ClientFrameDecoder decoder;
        private final byte[] buffer = new byte[READ_BUFFER];

        Reader(ServletInputStream in, ClientFrameDecoder decoder) {
            this.in = in;
            this.decoder = decoder;
        }

        @Override
        public void onDataAvailable() throws IOException {
            reading.lock();
            try {
                // once the connection is closed its stream is too: a read then is an error the container logs
                while (sink.isOpen() && !in.isFinished() && in.isReady()) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        return;
                    }
                    decoder.feed(buffer, 0, read);
                }
            } finally {
                reading.unlock();
                closeUnlessReading(); // a close asked for meanwhile by another thread
            }
        }

        @Override
        public void onAllDataRead() {
            sink.abort(); // the client hung up without a close frame
        }

        @Override
        public void onError(Throwable failure) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Read failed for client " + client + ": " + failure);
            sink.abort();
        }
    }

    /** What the decoder finds, for this connection. */
    private final class Frames implements ClientFrameDecoder.Listener {
        private final InboundMessages inbound;
        private ClientFrameDecoder decoder;

        Frames(InboundMessages inbound) {
            this.inbound = inbound;
        }

        @Override
        public void textPart(String part, long bytes, boolean last) {
            inbound.textPart(part, bytes, last);
        }

        @Override
        public void binaryPart(long bytes, boolean last) {
            inbound.binaryPart(bytes, last);
        }

        @Override
        public void ping(byte[] payload) {
            sink.pong(payload);
        }

        @Override
        public void pong(byte[] payload) {
            services.channel().pongReceived(client);
        }

        @Override
        public void close(int code, String reason) {
            sink.closeReceived(code, reason);
        }

        @Override
        public void protocolError(int closeCode, String why) {
            LOG.log(System.Logger.Level.INFO, () -> "Protocol error from client " + client + ": " + why + " (close " + closeCode + ")");
            services.telemetry().parseFailed();
            services.telemetry().protocolViolation(closeCode);
            if (decoder.awaitsCloseFrame()) {
                sink.close(closeCode, why);
            } else {
                sink.closeAndHangUp(closeCode, why);
            }
        }
    }
}
