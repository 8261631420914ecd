package dev.herald.application.port.out;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.function.Consumer;

/**
 * Live fan-out of stored events to every gateway instance. At most once: a publication may be
 * lost, duplicated or reordered; the application repairs that from the {@link EventStore}.
 */
public interface EventBus {

    /**
     * Publishes an already stored event to every instance (including this one).
     *
     * @throws EventBusUnavailableException when the broker cannot take it now
     */
    void publish(JobEvent event);

    /**
     * Starts delivering the job's live events to {@code listener}, on a thread of the bus. Returns
     * once the bus will deliver events published from now on (as far as the broker confirms), so
     * that a catch-up read started afterwards cannot miss one. Works while disconnected too: the
     * subscription takes effect when the bus connects.
     */
    BusSubscription subscribe(JobId jobId, Consumer<JobEvent> listener);

    /** Called, on a thread of the bus, after every reconnect (once subscriptions are restored). */
    void addReconnectListener(Runnable listener);

    EventBusState state();
}
