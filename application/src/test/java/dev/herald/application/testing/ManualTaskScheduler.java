package dev.herald.application.testing;

import dev.herald.application.port.out.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Runs tasks only when the test cranks it, in the order the test chooses: deterministic
 * interleavings, and delayed tasks that become due when the {@link ManualClock} moves.
 */
public final class ManualTaskScheduler implements TaskScheduler {

    private record Pending(Runnable task, Instant due) {
    }

    private final ManualClock clock;
    private final List<Pending> pending = new ArrayList<>();

    public ManualTaskScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void execute(Runnable task) {
        pending.add(new Pending(task, clock.instant()));
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        pending.add(new Pending(task, clock.instant().plus(delay)));
    }

    /** Runs the oldest due task. False when none is due. */
    public boolean runOne() {
        return runDue(null);
    }

    /** Runs one due task picked at random. False when none is due. */
    public boolean runRandom(Random random) {
        return runDue(random);
    }

    /** Runs due tasks (and the tasks they queue) until none is due. */
    public int runAll() {
        int ran = 0;
        while (runOne()) {
            ran++;
        }
        return ran;
    }

    /** Moves the clock by {@code step} and runs what is due, repeatedly, until nothing is pending. */
    public void runUntilIdle(Duration step, int maxSteps) {
        for (int i = 0; i < maxSteps && hasPending(); i++) {
            runAll();
            if (hasPending()) {
                clock.advance(step);
            }
        }
    }

    public synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    public synchronized int dueCount() {
        Instant now = clock.instant();
        return (int) pending.stream().filter(p -> !p.due().isAfter(now)).count();
    }

    private boolean runDue(Random random) {
        Runnable task;
        synchronized (this) {
            Instant now = clock.instant();
            List<Pending> due = new ArrayList<>();
            for (Pending p : pending) {
                if (!p.due().isAfter(now)) {
                    due.add(p);
                }
            }
            if (due.isEmpty()) {
                return false;
            }
            Pending chosen = random == null ? due.get(0) : due.get(random.nextInt(due.size()));
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                if (it.next() == chosen) {
                    it.remove();
                    break;
                }
            }
            task = chosen.task();
        }
        task.run();
        return true;
    }
}
