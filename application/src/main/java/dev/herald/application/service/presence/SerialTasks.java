package dev.herald.application.service.presence;

import dev.herald.application.port.out.TaskScheduler;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Runs the tasks given to it one at a time, in the order given, on the task scheduler's threads,
 * without holding any of them while idle. A failing task is logged and the next one runs.
 */
final class SerialTasks {

    private static final System.Logger LOG = System.getLogger(SerialTasks.class.getName());

    private final TaskScheduler tasks;
    private final String name;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    SerialTasks(TaskScheduler tasks, String name) {
        this.tasks = tasks;
        this.name = name;
    }

    void submit(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            tasks.execute(this::drain);
        } catch (RuntimeException e) {
            // the scheduler is stopping (the gateway shuts down): what is queued is dropped with it
            synchronized (this) {
                queue.clear();
                draining = false;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "No " + name + " task runs any more: " + e);
        }
    }

    synchronized int pending() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A " + name + " task failed; the next one runs", e);
            }
        }
    }
}
