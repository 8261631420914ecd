package dev.herald.adapter.file;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.NewEvent;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * An append queued for the writer: its record, its seqs, and how its appender learns the outcome.
 * The appender parks until the writer settles it ({@link #succeed}, {@link #fail}) or hands it the
 * writing ({@link #lead}).
 */
final class PendingAppend {

    enum State { WAITING, LEAD, STORED, FAILED }

    final JobLog job;
    final long firstSeq;
    final int count;
    final Instant occurredAt;
    /** The idempotency key it claims and its entry in the job's keys, or nulls. */
    final String key;
    final JobKeys.Claimed claimed;
    private final Thread appender;
    private byte[] record;
    private List<NewEvent> events;
    private Consumer<JobEvent> onStored;
    private volatile State state = State.WAITING;
    private volatile boolean watched;
    private Throwable failure;

    PendingAppend(JobLog job, byte[] record, long firstSeq, List<NewEvent> events, Instant occurredAt,
                  Consumer<JobEvent> onStored, String key, JobKeys.Claimed claimed) {
        this.job = job;
        this.record = record;
        this.firstSeq = firstSeq;
        this.count = events.size();
        this.events = events;
        this.occurredAt = occurredAt;
        this.onStored = onStored;
        this.key = key;
        this.claimed = claimed;
        this.appender = Thread.currentThread();
    }

    long lastSeq() {
        return firstSeq + count - 1;
    }

    byte[] record() {
        return record;
    }

    List<NewEvent> events() {
        return events;
    }

    Consumer<JobEvent> onStored() {
        return onStored;
    }

    /** Makes its appender the writer of the next group. */
    void lead() {
        settle(State.LEAD);
    }

    void succeed() {
        settle(State.STORED);
    }

    void fail(Throwable cause) {
        failure = cause;
        settle(State.FAILED);
    }

    Throwable failure() {
        return failure;
    }

    private void settle(State outcome) {
        if (outcome != State.LEAD) {
            // the bytes are in the file; a remembered key must not keep them in memory
            record = null;
            events = null;
            onStored = null;
        }
        state = outcome;
        if (appender != Thread.currentThread()) {
            LockSupport.unpark(appender);
        }
        if (outcome != State.LEAD && watched) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The appender's wait: returns once the append is stored, failed, or handed the writing. */
    State awaitTurn() {
        boolean interrupted = false;
        State now;
        while ((now = state) == State.WAITING) {
            LockSupport.park(this);
            // the append is in the queue and cannot be taken back: wait on, keep the interrupt for later
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return now;
    }

    /** Another appender's wait (a retry with the same key): returns once it is stored or failed. */
    State awaitOutcome() {
        boolean interrupted = false;
        synchronized (this) {
            watched = true;
            while (state == State.WAITING || state == State.LEAD) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return state;
    }
}
