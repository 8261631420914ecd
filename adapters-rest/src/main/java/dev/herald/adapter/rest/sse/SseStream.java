package dev.herald.adapter.rest.sse;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One Server-Sent Events stream's outbound side. The request is asynchronous (its request thread
 * went back to the pool when it was admitted), so an idle stream holds no thread. Senders only
 * enqueue; a drain on a writer thread writes what is queued, then flushes, and gives the thread
 * back: a stream holds a thread only while its bytes go out. What is queued and not yet written is
 * the backlog the slow-consumer limit judges, as for a socket, and a write that waits on its client
 * longer than the write timeout makes it a slow consumer too ({@link #blockedFor}).
 *
 * <p>Why blocking writes on a few threads rather than the servlet's non-blocking output: Liberty
 * calls a {@code WriteListener} back only for writes made inside its own callbacks, so a frame
 * queued by the fan-out while the stream was idle waited for the next write (a heartbeat) before it
 * went out. A short blocking write to a socket with room in its send buffer costs the same.
 *
 * <p>A stream starts <b>pending</b>: nothing is committed until the gateway answers its
 * subscription. {@code subscribed} opens it (status 200 and the first frames); an error first is
 * answered as a plain HTTP error (status and JSON body), so a refusal reads the same as on the
 * REST API. Once open, an error is written as the last frame, {@code event: error}, and the
 * stream ends.
 */
final class SseStream {

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
    /** A drain is scheduled or running; it alone polls the queue and writes. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean slow = new AtomicBoolean();

    // guarded by this
    private State state = State.PENDING;
    private AsyncContext async;
    private Responses responses;
    private volatile ServletOutputStream out;
    private volatile HttpServletResponse response;
    /** No more frames: end once what is queued is written. */
    private volatile boolean ending;
    private volatile long lastWriteMillis;
    /** The next drain flushes even with nothing queued. */
    private volatile boolean flushDue;
    /** When the write in progress started (0: none in progress). */
    private volatile long writeStartedMillis;

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

    /** {@code subscribed} arrived: commit the 200 and start writing, {@code subscribed} first. */
    void open(byte[] subscribedFrame) {
        synchronized (this) {
            if (state != State.PENDING || async == null) {
                return;
            }
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            responses.open(response);
            this.response = response;
            try {
                out = response.getOutputStream();
            } catch (IOException | RuntimeException e) {
                endNow("could not open the response: " + e);
                return;
            }
            List<byte[]> waiting = new ArrayList<>();
            byte[] next;
            while ((next = queue.poll()) != null) {
                waiting.add(next);
            }
            queue.add(subscribedFrame);
            queue.addAll(waiting);
            backlogMessages.incrementAndGet();
            backlogBytes.addAndGet(subscribedFrame.length);
            state = State.OPEN;
        }
        scheduleDrain();
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

    /**
     * Flushes again what was written so far. Liberty holds bytes flushed by another thread while the
     * request's own dispatch (the filter that admitted it) has not returned yet, and nothing pushes them
     * out until the next write: the filter asks for this once its dispatch is over.
     */
    void flushAgain() {
        flushDue = true;
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

    /** How long the write in progress has been waiting for the client, at {@code now}; 0 when none. */
    long blockedFor(long now) {
        long since = writeStartedMillis;
        return since == 0 ? 0 : now - since;
    }

    void reportSlow(String why) {
        if (slow.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, () -> "Slow consumer: SSE client " + id + " " + why);
            onSlowConsumer.run();
        }
    }

    private void scheduleDrain() {
        if (writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the writers are shut down: the server is stopping, nothing more is written
                writing.set(false);
            }
        }
    }

    /** Writes what is queued, then flushes; one drain per stream at a time, on a writer thread. */
    private void drain() {
        while (true) {
            if (state() != State.OPEN) {
                writing.set(false);
                return;
            }
            ServletOutputStream stream = out;
            try {
                byte[] next;
                boolean wrote = false;
                while ((next = queue.poll()) != null) {
                    writeStartedMillis = millis.getAsLong();
                    stream.write(next);
                    accountWritten(next);
                    wrote = true;
                }
                if (wrote || flushDue) {
                    flushDue = false;
                    writeStartedMillis = millis.getAsLong();
                    // the response's flush: the stream's own flush() leaves the bytes in Liberty's response buffer
                    response.flushBuffer();
                    lastWriteMillis = millis.getAsLong();
                }
                writeStartedMillis = 0;
            } catch (IOException | RuntimeException e) {
                writeStartedMillis = 0;
                LOG.log(System.Logger.Level.DEBUG, () -> "SSE write failed for client " + id + ": " + e);
                abort("write failed");
                writing.set(false);
                return;
            }
            if (ending) {
                abort(null);
                writing.set(false);
                return;
            }
            writing.set(false);
            // a frame queued after the last poll but before the flag cleared has no drain of its own
            if ((queue.isEmpty() && !flushDue) || !writing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void refuse(ServerMessage.Error error) {
        state = State.ENDED;
        if (async == null) {
            return; // still in the request thread's admission: the filter answers from the admission's outcome
        }
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
