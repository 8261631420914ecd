package dev.herald.adapter.redis;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The listeners of one job in this instance. The array is copied on change and read without
 * locking, so delivery never waits for a subscribe or cancel. A failing listener is logged and the
 * others still get the event.
 */
final class JobListeners {

    private static final System.Logger LOG = System.getLogger(JobListeners.class.getName());
    private static final Registration[] NONE = new Registration[0];

    /** One subscribe call: the same listener subscribed twice is two registrations, cancelled separately. */
    record Registration(JobId jobId, Consumer<JobEvent> listener) {

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final JobId jobId;
    private volatile Registration[] registrations = NONE;
    /** Guarded by the table's lock: the broker's confirmation of this job's latest SUBSCRIBE. */
    private CompletableFuture<Void> confirmation = CompletableFuture.completedFuture(null);

    JobListeners(JobId jobId) {
        this.jobId = jobId;
    }

    Registration add(Consumer<JobEvent> listener) {
        Registration registration = new Registration(jobId, listener);
        Registration[] current = registrations;
        Registration[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = registration;
        registrations = next;
        return registration;
    }

    boolean remove(Registration registration) {
        Registration[] current = registrations;
        int index = Arrays.asList(current).indexOf(registration);
        if (index < 0) {
            return false;
        }
        Registration[] next = new Registration[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, current.length - index - 1);
        registrations = next;
        return true;
    }

    CompletableFuture<Void> confirmation() {
        return confirmation;
    }

    void awaiting(CompletableFuture<Void> subscribeConfirmation) {
        confirmation = subscribeConfirmation;
    }

    int size() {
        return registrations.length;
    }

    void deliver(JobEvent event) {
        for (Registration registration : registrations) {
            try {
                registration.listener().accept(event);
            } catch (RuntimeException e) {
                // a listener's bug must neither starve the others nor kill the subscriber thread
                LOG.log(System.Logger.Level.ERROR, "Listener failed for job " + event.jobId() + " seq " + event.seq(), e);
            }
        }
    }
}
