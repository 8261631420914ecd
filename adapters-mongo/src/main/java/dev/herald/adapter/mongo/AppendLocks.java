package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;

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
 * {@value #STRIPES} stripes that is rare, and costs a wait, never correctness. Fair, so that a job's
 * appenders are served in arrival order and none starves behind a steady stream.
 */
final class AppendLocks {

    static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    AppendLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    ReentrantLock of(JobId jobId) {
        // spread the hash: job ids often differ only in their last characters
        int hash = jobId.value().hashCode();
        hash ^= hash >>> 16;
        return locks[Math.floorMod(hash, STRIPES)];
    }
}
