package dev.herald.adapter.rest.sse;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One Server-Sent Events stream's outbound side, written with the servlet's non-blocking output: no
 * thread is held while the stream is idle or while its client is slow to read. Senders only
 * enqueue; a drain writes what the client can take now and resumes when the container says it can
 * take more ({@link #onWritePossible()}). What is queued and not yet written is the backlog the
 * slow-consumer limit judges, as for a socket.
 *
 * <p>A stream starts <b>pending</b>: nothing is committed until the gateway answers its
 * subscription. {@code subscribed} opens it (status 200 and the first frames); an error first is
 * answered as a plain HTTP error (status and JSON body), so a refusal reads the same as on the
 * REST API. Once open, an error is written as the last frame, {@code event: error}, and the
 * stream ends.
 */
final class SseStream implements WriteListener {

    private static final System.Logger LOG = System.getLogger(SseStream.class.getName());

    enum State { PENDING, OPEN, ENDED }

    /** What the filter does to an HTTP response when the stream opens or is refused. */
    interface Responses {

        /** Status 200 and the stream's headers, before any frame. */
        void open(HttpServletResponse response);

        /** The HTTP error for a refusal before the stream started. */
        void refuse(HttpServletResponse response, ServerMessage.Error error) throws IOException;
    }

    private final ClientId id;
    private final Executor writers;
    private final OutboundBacklogLimit backlogLimit;
    private final Runnable onSlowConsumer;
    private final LongSupplier millis;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlogMessages = new AtomicInteger();
    private final AtomicLong backlogBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean slow = new AtomicBoolean();

    // guarded by this
    private State state = State.PENDING;
    private AsyncContext async;
    private Responses responses;
    private ServletOutputStream out;
    private boolean unflushed;
    /** No more frames: end once what is queued is written. */
    private volatile boolean ending;
    private volatile long lastWriteMillis;
    /** Since when the client has not taken what is written (0: it has). */
    private volatile long blockedSinceMillis;

    SseStream(ClientId id, Executor writers, OutboundBacklogLimit backlogLimit, Runnable onSlowConsumer,
              LongSupplier millis) {
        this.id = id;
        this.writers = writers;
        this.backlogLimit = backlogLimit;
        this.onSlowConsumer = onSlowConsumer;
        this.millis = millis;
        this.lastWriteMillis = millis.getAsLong();
    }

    ClientId id() {
        return id;
    }

    /** The request is in async mode now: the stream can answer it from any thread. */
    synchronized void attach(AsyncContext async, Responses responses) {
        this.async = async;
        this.responses = responses;
    }

    /** Queues a frame (in order); while pending, it waits for the stream to open. */
    void send(byte[] frame) {
        if (ending) {
            return;
        }
        queue.add(frame);
        int messages = backlogMessages.incrementAndGet();
        long bytes = backlogBytes.addAndGet(frame.length);
        if (backlogLimit.check(messages, bytes).isPresent()) {
            reportSlow("backlog " + messages + " frames, " + bytes + " bytes");
            return;
        }
        scheduleDrain();
    }

    /** {@code subscribed} arrived: commit the 200 and start writing. */
    void open(byte[] subscribedFrame) {
        synchronized (this) {
            if (state != State.PENDING || async == null) {
                return;
            }
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            responses.open(response);
            try {
                out = response.getOutputStream();
            } catch (IOException | RuntimeException e) {
                endNow("could not open the response: " + e);
                return;
            }
            state = State.OPEN;
            // the subscribed frame goes first, before what was queued while pending
            java.util.List<byte[]> waiting = new java.util.ArrayList<>();
            byte[] next;
            while ((next = queue.poll()) != null) {
                waiting.add(next);
            }
            queue.add(subscribedFrame);
            queue.addAll(waiting);
            backlogMessages.incrementAndGet();
            backlogBytes.addAndGet(subscribedFrame.length);
            // the container calls onWritePossible once the listener is set
            out.setWriteListener(this);
        }
    }

    /**
     * The stream is over with this error: a pending stream is answered with the HTTP error; an open
     * one drops what is queued, writes {@code event: error} and ends.
     */
    void end(ServerMessage.Error error) {
        synchronized (this) {
            if (state == State.ENDED || ending) {
                return;
            }
            if (state == State.PENDING) {
                refuse(error);
                return;
            }
            ending = true;
            byte[] dropped;
            while ((dropped = queue.poll()) != null) {
                accountWritten(dropped);
            }
            byte[] last = SseFrames.error(error);
            queue.add(last);
            backlogMessages.incrementAndGet();
            backlogBytes.addAndGet(last.length);
        }
        scheduleDrain();
    }

    /** Ends now, whatever is queued (a client that does not take its last frame, a server stop). */
    void abort(String why) {
        synchronized (this) {
            endNow(why);
        }
    }

    boolean hasRoom() {
        return !ending && backlogLimit.hasRoom(backlogMessages.get(), backlogBytes.get());
    }

    synchronized State state() {
        return state;
    }

    boolean isEnding() {
        return ending;
    }

    long lastWriteMillis() {
        return lastWriteMillis;
    }

    /** How long the client has left written data untaken, at {@code now}; 0 when it keeps up. */
    long blockedFor(long now) {
        long since = blockedSinceMillis;
        return since == 0 ? 0 : now - since;
    }

    void reportSlow(String why) {
        if (slow.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, () -> "Slow consumer: SSE client " + id + " " + why);
            onSlowConsumer.run();
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, () -> "SSE write failed for client " + id + ": " + t);
        synchronized (this) {
            endNow("write failed");
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                writers.execute(() -> {
                    drainScheduled.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                // the writers are shut down: the server is stopping, nothing more is written
                drainScheduled.set(false);
            }
        }
    }

    /** Writes what the client can take now; the container calls back when it can take more. */
    private synchronized void drain() {
        if (state != State.OPEN) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (unflushed) {
                        unflushed = false;
                        out.flush();
                        continue;
                    }
                    blockedSinceMillis = 0;
                    if (ending) {
                        endNow(null);
                    }
                    return;
                }
                out.write(next);
                unflushed = true;
                accountWritten(next);
                lastWriteMillis = millis.getAsLong();
            }
            if (blockedSinceMillis == 0) {
                blockedSinceMillis = millis.getAsLong();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "SSE write failed for client " + id + ": " + e);
            endNow("write failed");
        }
    }

    private void refuse(ServerMessage.Error error) {
        if (async == null) {
            // still in the request thread's admission: the filter answers from the admission's outcome
            state = State.ENDED;
            return;
        }
        state = State.ENDED;
        try {
            responses.refuse((HttpServletResponse) async.getResponse(), error);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "SSE refusal not written for client " + id + ": " + e);
        }
        complete();
    }

    private void endNow(String why) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        ending = true;
        queue.clear();
        if (why != null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "SSE stream of client " + id + " ended: " + why);
        }
        complete();
    }

    private void complete() {
        if (async == null) {
            return;
        }
        try {
            async.complete();
        } catch (RuntimeException e) {
            // the container already completed it (the client went away)
        }
    }

    private void accountWritten(byte[] frame) {
        backlogMessages.decrementAndGet();
        backlogBytes.addAndGet(-frame.length);
    }

}
