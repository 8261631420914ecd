package dev.herald.application.port.out;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.util.List;
import java.util.function.Consumer;

/**
 * Live fan-out to every gateway instance: of stored events (at most once: a publication may be
 * lost, duplicated or reordered; the application repairs that from the {@link EventStore}), and of
 * the relayed events of ephemeral channels, which nothing stores or repairs.
 */
public interface EventBus {

    /**
     * Publishes an already stored event to every instance (including this one).
     *
     * @throws EventBusUnavailableException when the broker cannot take it now
     */
    void publish(JobEvent event);

    /**
     * Publishes already stored events of one job, in order, in as few round trips to the broker as
     * it allows (one for Redis: a pipeline). This one by one unless an adapter does better.
     *
     * @throws EventBusUnavailableException when the broker cannot take them now; then any of them
     *                                      may or may not have been published
     */
    default void publishAll(List<JobEvent> events) {
        for (JobEvent event : events) {
            publish(event);
        }
    }

    /**
     * Starts delivering the job's live events to {@code listener}, on a thread of the bus. Returns
     * once the bus will deliver events published from now on (as far as the broker confirms), so
     * that a catch-up read started afterwards cannot miss one. Works while disconnected too: the
     * subscription takes effect when the bus connects.
     */
    BusSubscription subscribe(JobId jobId, Consumer<JobEvent> listener);

    /**
     * Tells the instances that hold the channel's job (this one too) that a member joined or left.
     * At most once, like events; presence repairs what is lost from its registry.
     *
     * @throws EventBusUnavailableException when the broker cannot take it now
     */
    void publishPresence(PresenceNotice notice);

    /**
     * Receives, on a thread of the bus, the presence notices of every job this instance is
     * subscribed to. Must be quick.
     */
    void addPresenceListener(Consumer<PresenceNotice> listener);

    /**
     * Relays an ephemeral channel's event to every instance (including this one). At most once, and
     * nothing keeps it: an instance that is not subscribed to the channel, or not connected, misses
     * it. Relays made one after the other by one thread reach each instance in that order.
     * Adapters never log the payload.
     *
     * @throws EventBusUnavailableException when the broker cannot take it now
     */
    void relay(RelayedEvent event);

    /**
     * Starts delivering the channel's relayed events to {@code listener}, on a thread of the bus,
     * as {@link #subscribe} does for stored events (returns once the broker confirmed it).
     */
    BusSubscription subscribeRelayed(JobId jobId, Consumer<RelayedEvent> listener);

    /** Called, on a thread of the bus, after every reconnect (once subscriptions are restored). */
    void addReconnectListener(Runnable listener);

    EventBusState state();
}
