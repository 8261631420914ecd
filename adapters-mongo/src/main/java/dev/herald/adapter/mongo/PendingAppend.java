package dev.herald.adapter.mongo;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One publisher's append (one event or a batch, stored all or none with contiguous seqs) waiting
 * for its job's turn. Whichever thread holds the turn writes it,
 * together with the others queued for the job, and completes it; its publisher then returns. A
 * turn that ends hands the next one to the oldest append still waiting ({@link #offerTurn}), so a
 * publisher whose append was written by someone else's turn never waits for the lock itself.
 */
final class PendingAppend {

    private final JobId jobId;
    private final List<NewEvent> events;
    private final Instant storedAt;
    private final Optional<IdempotencyClaim> claim;
    private final Consumer<JobEvent> onStored;
    private final CompletableFuture<AppendResult> outcome = new CompletableFuture<>();
    /** The publisher: the thread that waits for this append. */
    private final Thread owner = Thread.currentThread();
    private volatile boolean turnOffered;

    PendingAppend(JobId jobId, List<NewEvent> events, Instant storedAt, Optional<IdempotencyClaim> claim,
                  Consumer<JobEvent> onStored) {
        this.jobId = jobId;
        this.events = List.copyOf(events);
        this.storedAt = storedAt;
        this.claim = claim;
        this.onStored = onStored;
    }

    JobId jobId() {
        return jobId;
    }

    int size() {
        return events.size();
    }

    Optional<IdempotencyClaim> claim() {
        return claim;
    }

    /** The events as stored from {@code firstSeq} on. */
    List<JobEvent> withSeqsFrom(long firstSeq) {
        List<JobEvent> stored = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            stored.add(events.get(i).stored(jobId, firstSeq + i, storedAt));
        }
        return stored;
    }

    /** Called by the turn, in seq order: runs the publisher's callback per event, then lets the publisher return. */
    void stored(List<JobEvent> stored) {
        for (JobEvent event : stored) {
            StoredCallbacks.run(onStored, event);
        }
        outcome.complete(new AppendResult(jobId, stored.get(0).seq(), stored.get(stored.size() - 1).seq(), storedAt,
                false));
        LockSupport.unpark(owner);
    }

    /** The key was used before for the same events: nothing is stored, the publisher gets the first append's answer. */
    void replayed(AppendResult first) {
        outcome.complete(first);
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

    /** The last seq it was stored with; 0 when not (yet) stored, or a replay. */
    long storedSeq() {
        if (!outcome.isDone() || outcome.isCompletedExceptionally()) {
            return 0;
        }
        AppendResult result = outcome.join();
        return result.replayed() ? 0 : result.lastSeq();
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** The seqs it holds, or the failure rethrown in the publisher's thread; waits when not done yet. */
    AppendResult result() {
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
