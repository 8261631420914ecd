package dev.herald.application.port.in;

import java.util.concurrent.CompletableFuture;

/** One background round of retention over every job; the scheduler starts one periodically. */
public interface SweepRetentionUseCase {

    /**
     * Starts a round, which runs as a chain of background tasks, one bounded batch each, paced.
     *
     * @return the events the round deleted, once it is over; 0 at once when retention is off or a
     *         round is running already
     */
    CompletableFuture<Long> sweep();
}
