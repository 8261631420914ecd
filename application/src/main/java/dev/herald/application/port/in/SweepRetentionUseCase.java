package dev.herald.application.port.in;

/** One background round of retention over every job; the scheduler runs it periodically. */
public interface SweepRetentionUseCase {

    /** @return the events deleted by this round (0 when retention is off or another round is running) */
    long sweep();
}
