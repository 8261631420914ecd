package dev.herald.adapter.websocket;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;

import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's outbound side: a queue drained by one asynchronous write at a time. Senders only
 * enqueue, so a slow client never holds up the thread that fans an event out to everyone else;
 * its backlog (queued plus in flight) is what the slow-consumer limit judges.
 *
 * <p>A close goes through the queue too: whatever is queued is dropped, the final error frame is
 * written, then the close frame, so the client always reads the error before the close.
 */
final class ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    /** A queue entry that closes the connection once the frames before it are written. */
    private static final OutboundFrame CLOSE = new OutboundFrame("", 0, -1);

    private final ClientId id;
    private final FrameSink sink;
    private final OutboundBacklogLimit backlogLimit;
    private final Telemetry telemetry;
    private final Clock clock;
    private final Consumer<ClientId> onSlowConsumer;

    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlogMessages = new AtomicInteger();
    private final AtomicLong backlogBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean slow = new AtomicBoolean();
    private volatile boolean closing;
    private volatile int closeCode;
    private volatile String closeReason = "";

    ClientConnection(ClientId id, FrameSink sink, OutboundBacklogLimit backlogLimit, Telemetry telemetry, Clock clock,
                     Consumer<ClientId> onSlowConsumer) {
        this.id = id;
        this.sink = sink;
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
            if (slow.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, () -> "Slow consumer: client " + id + " backlog " + messages
                        + " frames, " + bytes + " bytes");
                onSlowConsumer.accept(id);
            }
            return;
        }
        pump();
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
        pump();
    }

    /** Closes at once, even with a write in flight (a client that stopped reading). */
    void forceClose() {
        if (sink.isOpen()) {
            sink.close(closeCode == 0 ? 1011 : closeCode, closeReason);
        }
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

    /**
     * Writes queued frames one at a time. A write that completes on this very thread continues the
     * loop here instead of recursing; one that completes later resumes the pump from its callback.
     */
    private void pump() {
        while (writing.compareAndSet(false, true)) {
            OutboundFrame next = queue.poll();
            if (next == null) {
                writing.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            if (next == CLOSE) {
                sink.close(closeCode, closeReason);
                return; // stays "writing": nothing is written after the close frame
            }
            if (!write(next)) {
                return;
            }
        }
    }

    /** @return true when the write completed inline (the caller loops on) */
    private boolean write(OutboundFrame frame) {
        // 0: inside sendText, 1: sendText returned first, 2: completed inline
        AtomicInteger phase = new AtomicInteger();
        try {
            sink.sendText(frame.text(), !queue.isEmpty(), failure -> {
                written(frame, failure);
                if (!phase.compareAndSet(0, 2)) {
                    writing.set(false);
                    pump();
                }
            });
        } catch (RuntimeException e) {
            // the container refused the write (connection already closing): nothing more will be written
            LOG.log(System.Logger.Level.DEBUG, () -> "Write refused for client " + id + ": " + e);
            closing = true;
            return false;
        }
        if (phase.compareAndSet(0, 1)) {
            return false;
        }
        writing.set(false);
        return true;
    }

    private void written(OutboundFrame frame, Throwable failure) {
        accountWritten(frame);
        if (failure != null) {
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> "Write failed for client " + id + ": " + failure);
            return;
        }
        if (frame.isLiveEvent()) {
            telemetry.eventSent(Math.max(0, clock.millis() - frame.publishedAtMillis()));
        }
    }

    private void accountWritten(OutboundFrame frame) {
        backlogMessages.decrementAndGet();
        backlogBytes.addAndGet(-frame.bytes());
    }
}
