package dev.herald.adapter.mongo;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One publisher's append waiting for its job's turn. Whichever thread holds the turn writes it,
 * together with the others queued for the job, and completes it; its publisher then returns. A
 * turn that ends hands the next one to the oldest append still waiting ({@link #offerTurn}), so a
 * publisher whose append was written by someone else's turn never waits for the lock itself.
 */
final class PendingAppend {

    private final JobId jobId;
    private final EventType eventType;
    private final String payload;
    private final Instant storedAt;
    private final Consumer<JobEvent> onStored;
    private final CompletableFuture<JobEvent> outcome = new CompletableFuture<>();
    /** The publisher: the thread that waits for this append. */
    private final Thread owner = Thread.currentThread();
    private volatile boolean turnOffered;

    PendingAppend(JobId jobId, EventType eventType, String payload, Instant storedAt, Consumer<JobEvent> onStored) {
        this.jobId = jobId;
        this.eventType = eventType;
        this.payload = payload;
        this.storedAt = storedAt;
        this.onStored = onStored;
    }

    JobId jobId() {
        return jobId;
    }

    JobEvent withSeq(long seq) {
        return new JobEvent(jobId, seq, eventType, storedAt, payload);
    }

    /** Called by the turn, in seq order: runs the publisher's callback, then lets the publisher return. */
    void stored(JobEvent event) {
        StoredCallbacks.run(onStored, event);
        outcome.complete(event);
        LockSupport.unpark(owner);
    }

    void failed(RuntimeException failure) {
        outcome.completeExceptionally(failure);
        LockSupport.unpark(owner);
    }

    /** The turn is free: the publisher should try to take it (another thread may be faster). */
    void offerTurn() {
        turnOffered = true;
        LockSupport.unpark(owner);
    }

    /**
     * The publisher waits until its append is done, it is offered the turn, or {@code recheck} has
     * passed (a safety net: the turn is tried again then anyway).
     */
    void awaitDoneOrTurn(Duration recheck) throws InterruptedException {
        if (!outcome.isDone() && !turnOffered) {
            LockSupport.parkNanos(this, recheck.toNanos());
        }
        turnOffered = false;
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** The seq it was stored with; 0 when not (yet) stored. */
    long storedSeq() {
        return outcome.isDone() && !outcome.isCompletedExceptionally() ? outcome.join().seq() : 0;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** The stored event, or the failure rethrown in the publisher's thread; waits when not done yet. */
    JobEvent result() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    // the write is under way on another thread and cannot be called back: see it through
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new EventStoreUnavailableException("Append failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
