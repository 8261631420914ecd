package dev.herald.application.port.out;

import java.time.Duration;

/**
 * Where the application runs its background work (catch-ups, repairs, reconciliation): a managed
 * executor in the server, a hand-cranked one in tests.
 */
public interface TaskScheduler {

    void execute(Runnable task);

    void schedule(Runnable task, Duration delay);
}
