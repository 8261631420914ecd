package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one append per job at a time through on this instance. Without it, concurrent publishes to
 * one job (a worker with a pool of threads, the REST server's many request threads) all take the
 * same head, all but one lose the race for the next seq on the unique key, pause and probe again:
 * at 64 publishes in flight most round trips were lost races. Appenders of other instances still
 * race (the unique key decides there), but those are a handful, not every request thread.
 *
 * <p>Striped: a fixed set of locks, a job's lock picked by its hash, so nothing grows with the
 * number of jobs. Two busy jobs may share a stripe and wait for each other; with
 * {@value #STRIPES} stripes that is rare, and costs a wait, never correctness. No appender starves:
 * each turn writes the oldest waiting appends first.
 *
 * <p>Each stripe also has a queue of the appends waiting for its lock, so that the thread whose
 * turn it is writes all of its job's waiting appends at once (group commit): under many concurrent
 * publishes, one probe, one insert and one head update per group instead of per event.
 */
final class AppendLocks {

    static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<PendingAppend>[] waiting = new ConcurrentLinkedQueue[STRIPES];

    AppendLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
            waiting[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** The job's stripe lock (for tests that hold a turn: end it with {@link #endTurn}). */
    ReentrantLock of(JobId jobId) {
        return locks[stripe(jobId)];
    }

    /** Takes the job's turn if it is free now. */
    boolean tryTurn(JobId jobId) {
        return locks[stripe(jobId)].tryLock();
    }

    /**
     * Ends a turn (held by this thread) and offers the next one to the oldest append still waiting
     * in the stripe, of any job: appenders do not queue on the lock itself, they wait for their
     * append to be written or for this offer. Offering after the unlock closes the race with an
     * append queued meanwhile: it was queued before its own failed try, so before the unlock, and
     * so is seen here.
     */
    void endTurn(JobId jobId) {
        locks[stripe(jobId)].unlock();
        offerTurnOnward(jobId);
    }

    /** Offers the turn to the oldest append waiting in the job's stripe, if any. */
    void offerTurnOnward(JobId jobId) {
        PendingAppend next = waiting[stripe(jobId)].peek();
        if (next != null) {
            next.offerTurn();
        }
    }

    /** Queues an append for its job's turn (before taking the lock, so a turn already running can take it). */
    void enqueue(PendingAppend append) {
        waiting[stripe(append.jobId())].add(append);
    }

    /** Takes the append back if no turn took it yet; false when it is being (or was) written. */
    boolean withdraw(PendingAppend append) {
        return waiting[stripe(append.jobId())].remove(append);
    }

    /**
     * Under the job's lock: the job's waiting appends, oldest first, holding at most {@code maxEvents}
     * events together, and always the oldest one (a batch larger than that goes alone).
     */
    List<PendingAppend> takeWaiting(JobId jobId, int maxEvents) {
        List<PendingAppend> taken = new ArrayList<>();
        int events = 0;
        Iterator<PendingAppend> queued = waiting[stripe(jobId)].iterator();
        while (queued.hasNext()) {
            PendingAppend append = queued.next();
            if (append.jobId().equals(jobId)) {
                if (!taken.isEmpty() && events + append.size() > maxEvents) {
                    break;
                }
                queued.remove();
                taken.add(append);
                events += append.size();
            }
        }
        return taken;
    }

    /** Appends waiting in the job's stripe (for tests). */
    int waitingCount(JobId jobId) {
        return waiting[stripe(jobId)].size();
    }

    static int stripe(JobId jobId) {
        // spread the hash: job ids often differ only in their last characters
        int hash = jobId.value().hashCode();
        hash ^= hash >>> 16;
        return Math.floorMod(hash, STRIPES);
    }
}
