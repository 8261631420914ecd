package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client's outbound side: a queue drained by one writer at a time. Senders only enqueue, so a
 * slow client never holds up the thread that fans an event out to everyone else; its backlog
 * (queued plus in flight) is what the slow-consumer limit judges.
 *
 * <p>Frames are written with blocking writes on a {@link SocketWriters} thread. A drain writes
 * what is queued, up to {@link #FRAMES_PER_TURN} frames, then yields its thread to the other
 * connections and continues later, so one long catch-up does not delay a live event elsewhere.
 *
 * <p>A close goes through the queue too: whatever is queued is dropped, the final error frame is
 * written, then the close frame, so the client always reads the error before the close.
 *
 * <p>A server ping ({@link #ping()}) goes before whatever is queued, on the next drain: a peer
 * whose writes are stuck gets no ping written, and so sends no pong.
 */
final class ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    /** Frames one drain writes before it gives its writer thread to the next connection. */
    static final int FRAMES_PER_TURN = 64;

    /** The server's pings carry no payload: any pong answers them. */
    private static final byte[] PING_PAYLOAD = new byte[0];

    /** A queue entry that closes the connection once the frames before it are written. */
    private static final OutboundFrame CLOSE = OutboundFrame.of("");

    private final ClientId id;
    private final FrameSink sink;
    private final FrameWriters writers;
    private final OutboundBacklogLimit backlogLimit;
    private final Telemetry telemetry;
    private final Clock clock;
    private final Consumer<ClientId> onSlowConsumer;

    private final Heartbeat heartbeat;
    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    /** A server ping waits for the next drain. */
    private final AtomicBoolean pingDue = new AtomicBoolean();
    private final AtomicInteger backlogMessages = new AtomicInteger();
    private final AtomicLong backlogBytes = new AtomicLong();
    /** A drain is scheduled or running; it alone polls the queue. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean slow = new AtomicBoolean();
    private volatile boolean closing;
    private volatile int closeCode;
    private volatile String closeReason = "";

    ClientConnection(ClientId id, FrameSink sink, FrameWriters writers, OutboundBacklogLimit backlogLimit,
                     Telemetry telemetry, Clock clock, Consumer<ClientId> onSlowConsumer, Heartbeat heartbeat) {
        this.id = id;
        this.heartbeat = heartbeat;
        this.sink = sink;
        this.writers = writers;
        this.backlogLimit = backlogLimit;
        this.telemetry = telemetry;
        this.clock = clock;
        this.onSlowConsumer = onSlowConsumer;
    }

    ClientId id() {
        return id;
    }

    void send(OutboundFrame frame) {
        if (closing) {
            return;
        }
        queue.add(frame);
        int messages = backlogMessages.incrementAndGet();
        long bytes = backlogBytes.addAndGet(frame.bytes());
        if (backlogLimit.check(messages, bytes).isPresent()) {
            reportSlow(() -> "backlog " + messages + " frames, " + bytes + " bytes");
            return;
        }
        scheduleDrain();
    }

    /** Writes a server ping, ahead of what is queued. */
    void ping() {
        if (closing) {
            return;
        }
        pingDue.set(true);
        scheduleDrain();
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Drops what is queued, writes {@code finalError}, then closes with {@code code}. */
    void close(OutboundFrame finalError, int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closeCode = code;
        closeReason = reason;
        OutboundFrame dropped;
        while ((dropped = queue.poll()) != null) {
            accountWritten(dropped);
        }
        queue.add(finalError);
        backlogMessages.incrementAndGet();
        backlogBytes.addAndGet(finalError.bytes());
        queue.add(CLOSE);
        scheduleDrain();
    }

    /** Closes at once, even with a write in progress (a client that stopped reading). */
    void forceClose() {
        if (sink.isOpen()) {
            sink.abort(closeCode == 0 ? 1011 : closeCode, closeReason);
        }
    }

    /** Closes at once with this code, nothing more written first (a peer that stopped answering). */
    void forceClose(int code, String reason) {
        closing = true;
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason;
        }
        forceClose();
    }

    boolean hasRoom() {
        return !closing && backlogLimit.hasRoom(backlogMessages.get(), backlogBytes.get());
    }

    boolean isOpen() {
        return sink.isOpen();
    }

    boolean isClosing() {
        return closing;
    }

    int backlogMessages() {
        return backlogMessages.get();
    }

    long backlogBytes() {
        return backlogBytes.get();
    }

    private void reportSlow(Supplier<String> why) {
        if (slow.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, () -> "Slow consumer: client " + id + " " + why.get());
            onSlowConsumer.accept(id);
        }
    }

    private void scheduleDrain() {
        if (writing.compareAndSet(false, true)) {
            submitDrain();
        }
    }

    private void submitDrain() {
        try {
            writers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the writers are shut down: the server is stopping, nothing more will be written
            closing = true;
        }
    }

    /** Writes queued frames in order; runs on a writer thread, one drain per connection at a time. */
    private void drain() {
        for (int written = 0; written < FRAMES_PER_TURN; ) {
            if (pingDue.compareAndSet(true, false) && !closing && !writePing()) {
                return; // stays "writing": the connection is broken
            }
            OutboundFrame next = queue.poll();
            if (next == null) {
                writing.set(false);
                // a frame queued (or a ping asked for) after the poll but before the flag cleared has no drain of its own
                if ((queue.isEmpty() && !pingDue.get()) || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (next == CLOSE) {
                sink.close(closeCode, closeReason);
                return; // stays "writing": nothing is written after the close frame
            }
            if (!write(next)) {
                return; // stays "writing": the connection is broken
            }
            written++;
        }
        submitDrain();
    }

    /** @return false when the write failed (the connection is closing or gone) */
    private boolean write(OutboundFrame frame) {
        try {
            writers.write(() -> sink.send(frame, !queue.isEmpty()));
        } catch (WriteTimeoutException e) {
            accountWritten(frame);
            closing = true;
            reportSlow(() -> "write not taken within the write timeout");
            return false;
        } catch (IOException | RuntimeException e) {
            // the client went away mid-write, or the container refused the write (already closing)
            accountWritten(frame);
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> "Write failed for client " + id + ": " + e);
            return false;
        }
        accountWritten(frame);
        if (frame.isLiveEvent()) {
            telemetry.eventSent(Math.max(0, clock.millis() - frame.publishedAtMillis()));
        }
        return true;
    }

    /** @return false when the write failed (the connection is closing or gone) */
    private boolean writePing() {
        try {
            writers.write(() -> sink.ping(PING_PAYLOAD));
            return true;
        } catch (WriteTimeoutException e) {
            closing = true;
            reportSlow(() -> "ping not taken within the write timeout");
            return false;
        } catch (IOException | RuntimeException e) {
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> "Ping failed for client " + id + ": " + e);
            return false;
        }
    }

    private void accountWritten(OutboundFrame frame) {
        backlogMessages.decrementAndGet();
        backlogBytes.addAndGet(-frame.bytes());
    }
}
