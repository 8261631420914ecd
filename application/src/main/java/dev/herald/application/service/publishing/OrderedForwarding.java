package dev.herald.application.service.publishing;

import dev.herald.application.port.out.TaskScheduler;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands this instance's stored events to the bus in seq order, per job.
 *
 * <p>Why: publishers of one job run on many request threads, and the store writes their appends in
 * groups; forwarded from each publisher's own thread, the events of a group reached the bus in the
 * order the threads happened to wake, and every subscriber of the job then held the overtaking
 * event and, when its predecessor came late (a busy machine), read it from the store: in a paced
 * run of 200 subscribers, one delivery in thirteen was such a repair. The store reports each job's
 * stored events one at a time in seq order ({@link #stored}, its {@code onStored}); they queue here
 * in that order, and one thread at a time per job forwards them.
 *
 * <p>Who forwards: the publisher, after its append ({@link #forwardThrough}), until its own event
 * is forwarded, so a publish still returns once its event is on its way; when another thread is
 * forwarding the job, that one takes the caller's event too. A forwarder whose own event is done
 * while more are queued hands the job to a task instead of serving other publishers on its
 * request thread.
 */
final class OrderedForwarding {

    private static final System.Logger LOG = System.getLogger(OrderedForwarding.class.getName());

    private final Map<JobId, Lane> lanes = new ConcurrentHashMap<>();
    private final Consumer<List<JobEvent>> forward;
    private final TaskScheduler tasks;

    /** @param forward hands a batch of one job's events, in seq order, to the bus; must not throw */
    OrderedForwarding(Consumer<List<JobEvent>> forward, TaskScheduler tasks) {
        this.forward = forward;
        this.tasks = tasks;
    }

    /** From the store's {@code onStored}: one job's events come one at a time, in seq order. */
    void stored(JobEvent event) {
        lanes.compute(event.jobId(), (id, lane) -> {
            Lane target = lane == null ? new Lane() : lane;
            target.queued.add(event);
            return target;
        });
    }

    /**
     * Forwards the job's queued events up to {@code seq} (the caller's), unless another thread is
     * forwarding the job; then that one forwards them.
     */
    void forwardThrough(JobId jobId, long seq) {
        List<JobEvent> batch = next(jobId, Step.START);
        while (batch != null) {
            forwardSafely(batch);
            boolean mineDone = batch.get(batch.size() - 1).seq() >= seq;
            batch = next(jobId, mineDone ? Step.HAND_OFF : Step.CONTINUE);
        }
    }

    /** Forwards whatever the job has queued, then lets go of it. */
    private void forwardAll(JobId jobId) {
        List<JobEvent> batch = next(jobId, Step.CONTINUE);
        while (batch != null) {
            forwardSafely(batch);
            batch = next(jobId, Step.CONTINUE);
        }
    }

    /** Jobs with events queued or being forwarded (0 when idle: lanes do not outlive their work). */
    int activeJobs() {
        return lanes.size();
    }

    private enum Step {
        /** A publisher asks to forward; it takes over only when nobody is forwarding the job. */
        START,
        /** The forwarder goes on with what was queued meanwhile. */
        CONTINUE,
        /** The forwarder's own event is done: the rest goes to a task. */
        HAND_OFF
    }

    /**
     * The next batch for this thread to forward, or null when it has nothing (more) to do. Decided
     * atomically with the queue: a lane is removed once empty and not being forwarded, and an event
     * queued while a forwarder is busy is always taken by that forwarder's next call.
     */
    private List<JobEvent> next(JobId jobId, Step step) {
        Taken taken = new Taken();
        lanes.computeIfPresent(jobId, (id, lane) -> {
            if (step == Step.START && lane.forwarding) {
                return lane;
            }
            if (lane.queued.isEmpty()) {
                return null;
            }
            lane.forwarding = true;
            if (step == Step.HAND_OFF) {
                taken.handOff = true;
                return lane;
            }
            taken.batch = List.copyOf(lane.queued);
            lane.queued.clear();
            return lane;
        });
        if (taken.handOff) {
            tasks.execute(() -> forwardAll(jobId));
        }
        return taken.batch;
    }

    private void forwardSafely(List<JobEvent> batch) {
        try {
            forward.accept(batch);
        } catch (RuntimeException e) {
            // the forwarder must go on, or the job's later events would never be forwarded
            LOG.log(System.Logger.Level.ERROR, "Forwarding failed for job " + batch.get(0).jobId() + " seqs "
                    + batch.get(0).seq() + ".." + batch.get(batch.size() - 1).seq()
                    + "; stored, delivered by reconciliation", e);
        }
    }

    private static final class Taken {
        List<JobEvent> batch;
        boolean handOff;
    }

    private static final class Lane {
        final ArrayDeque<JobEvent> queued = new ArrayDeque<>();
        boolean forwarding;
    }
}
