package dev.herald.adapter.rest.sse;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import dev.herald.domain.error.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The application's way to Server-Sent Events clients: one {@link SseStream} per open request. The
 * gateway's subscription machinery sends to it exactly as to a socket; this channel keeps what a
 * stream carries ({@link SseFrames}) and ends the stream on any error, since a stream holds one
 * subscription and its client cannot answer.
 */
public final class SseClientChannel implements ClientChannel {

    private static final System.Logger LOG = System.getLogger(SseClientChannel.class.getName());

    /** How long an ending stream may take to write its last frame before it is cut. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /**
     * When the flushes after the admitting dispatch come: most dispatches end within the first; the
     * later ones cover a loaded server, where the request thread may take seconds to be scheduled.
     */
    private static final long[] DISPATCH_FLUSHES_MS = {20, 250, 1_000, 4_000};

    private final Map<ClientId, SseStream> streams = new ConcurrentHashMap<>();
    private final OutboundBacklogLimit backlogLimit;
    private final Duration heartbeat;
    private final Duration writeTimeout;
    private final Clock clock;
    private final Executor writers;
    private final ScheduledExecutorService scheduler;
    private volatile Consumer<ClientId> slowConsumerHandler = id -> {
    };

    /**
     * @param heartbeat    a comment is written to a stream idle this long (its owner runs
     *                     {@link #sweep()} every {@link #sweepPeriod()})
     * @param writeTimeout a client that leaves written data untaken this long is a slow consumer
     * @param writers      run the drains that sends start; a drain holds its thread while it writes
     * @param scheduler    cuts streams that do not take their last frame in time
     */
    public SseClientChannel(OutboundBacklogLimit backlogLimit, Duration heartbeat, Duration writeTimeout, Clock clock,
                            Executor writers, ScheduledExecutorService scheduler) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("SSE heartbeat must be > 0: " + heartbeat);
        }
        this.backlogLimit = backlogLimit;
        this.heartbeat = heartbeat;
        this.writeTimeout = writeTimeout;
        this.clock = clock;
        this.writers = writers;
        this.scheduler = scheduler;
    }

    /**
     * Who is told when a stream's backlog passes the limit or its client stops reading. Called on the
     * sending thread, which may hold application locks: the handler must hand the work on.
     */
    public void onSlowConsumer(Consumer<ClientId> handler) {
        this.slowConsumerHandler = handler;
    }

    /** A new stream, pending until its subscription is answered. */
    SseStream open(ClientId id) {
        SseStream stream = new SseStream(id, writers, backlogLimit, () -> slowConsumerHandler.accept(id), clock::millis);
        streams.put(id, stream);
        return stream;
    }

    /**
     * The request thread has left the filter: flush the stream again shortly after (see
     * {@link SseStream#flushAgain()}), once the container has finished the dispatch.
     */
    void dispatched(SseStream stream) {
        for (long delay : DISPATCH_FLUSHES_MS) {
            scheduler.schedule(stream::flushAgain, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The stream's request is over: forget it. */
    void closed(ClientId id) {
        streams.remove(id);
    }

    /** True when this channel carries the client (the gateway's other clients are sockets). */
    public boolean holds(ClientId client) {
        return streams.containsKey(client);
    }

    @Override
    public void send(ClientId client, ServerMessage message) {
        SseStream stream = streams.get(client);
        if (stream == null) {
            return;
        }
        if (message instanceof ServerMessage.Error error) {
            // every error ends a stream: it holds one subscription, and its client cannot send a refresh or retry
            end(stream, error);
            return;
        }
        if (message instanceof ServerMessage.Unsubscribed) {
            end(stream, ServerMessage.Error.of(ErrorCode.FORBIDDEN, "The subscription was withdrawn"));
            return;
        }
        Optional<byte[]> frame = SseFrames.of(message);
        if (frame.isEmpty()) {
            return;
        }
        if (message instanceof ServerMessage.Subscribed) {
            stream.open(frame.get());
        } else {
            stream.send(frame.get());
        }
    }

    @Override
    public void close(ClientId client, ServerMessage.Error finalError, int closeCode) {
        SseStream stream = streams.get(client);
        if (stream != null) {
            end(stream, finalError);
        }
    }

    @Override
    public boolean hasRoom(ClientId client) {
        SseStream stream = streams.get(client);
        return stream != null && stream.hasRoom();
    }

    private void end(SseStream stream, ServerMessage.Error error) {
        stream.end(error);
        // a client that does not read would keep its last frame, and so the end, waiting forever
        scheduler.schedule(() -> stream.abort("last frame not taken within " + CLOSE_GRACE.toMillis() + " ms"),
                CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often {@link #sweep()} should run: a heartbeat is at most this late. */
    public Duration sweepPeriod() {
        return Duration.ofMillis(Math.max(10, Math.min(heartbeat.toMillis() / 4, 1_000)));
    }

    /**
     * Writes a heartbeat comment to every open stream idle for the heartbeat interval, and reports
     * streams whose write has waited for the client for the write timeout.
     */
    public void sweep() {
        long now = clock.millis();
        for (SseStream stream : streams.values()) {
            if (stream.state() != SseStream.State.OPEN || stream.isEnding()) {
                continue;
            }
            if (stream.blockedFor(now) >= writeTimeout.toMillis()) {
                stream.reportSlow("write waiting for the client for " + stream.blockedFor(now) + " ms");
            } else if (now - stream.lastWriteMillis() >= heartbeat.toMillis()) {
                stream.send(SseFrames.HEARTBEAT);
            }
        }
    }

    /** Streams open now (pending ones included). */
    public int openStreams() {
        return streams.size();
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * The server is stopping: every stream still open ends now, with {@code error} as its last frame
     * when it can be written at once, so clients see a clean end and reconnect elsewhere.
     */
    public void endAll(ServerMessage.Error error) {
        List<SseStream> open = List.copyOf(streams.values());
        if (!open.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> "Ending " + open.size() + " SSE stream(s): " + error.code());
        }
        for (SseStream stream : open) {
            stream.end(error);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (open.stream().anyMatch(s -> s.state() == SseStream.State.OPEN) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // a server stop, not the core: the writers need a moment for the last frames
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (SseStream stream : open) {
            stream.abort("server stop");
        }
    }
}
