package dev.herald.adapter.redis;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The listeners of one job's channel in this instance: listeners of stored events, and of relayed
 * ones (ephemeral channels); each gets only its kind. The array is copied on change and read
 * without locking, so delivery never waits for a subscribe or cancel. A failing listener is logged
 * (never the payload) and the others still get the event.
 */
final class JobListeners {

    private static final System.Logger LOG = System.getLogger(JobListeners.class.getName());
    private static final Registration[] NONE = new Registration[0];

    /**
     * One subscribe call: the same listener subscribed twice is two registrations, cancelled
     * separately. Exactly one of {@code stored} and {@code relayed} is set.
     */
    record Registration(JobId jobId, Consumer<JobEvent> stored, Consumer<RelayedEvent> relayed) {

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

    Registration add(Consumer<JobEvent> stored, Consumer<RelayedEvent> relayed) {
        Registration registration = new Registration(jobId, stored, relayed);
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
            if (registration.stored() == null) {
                continue;
            }
            try {
                registration.stored().accept(event);
            } catch (RuntimeException e) {
                // a listener's bug must neither starve the others nor kill the subscriber thread
                LOG.log(System.Logger.Level.ERROR, "Listener failed for job " + event.jobId() + " seq " + event.seq(), e);
            }
        }
    }

    void deliver(RelayedEvent event) {
        for (Registration registration : registrations) {
            if (registration.relayed() == null) {
                continue;
            }
            try {
                registration.relayed().accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Listener failed for a relayed event of channel " + event.jobId(), e);
            }
        }
    }
}
