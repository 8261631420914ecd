package dev.herald.adapter.memory;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusState;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Fan-out inside one process: the single-node mode, and a fake for tests. Delivery runs on the
 * given executor; a single-threaded one keeps each job's events in publication order, as a broker
 * connection would. It never disconnects, so it never calls its reconnect listeners.
 */
public final class InProcessEventBus implements EventBus {

    private static final System.Logger LOG = System.getLogger(InProcessEventBus.class.getName());

    private final Map<JobId, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();
    private final List<Consumer<PresenceNotice>> presenceListeners = new CopyOnWriteArrayList<>();
    private final Map<JobId, List<Consumer<RelayedEvent>>> relayListeners = new ConcurrentHashMap<>();
    private final Executor dispatcher;

    /** @param dispatcher runs deliveries; {@code Runnable::run} delivers on the publisher's thread */
    public InProcessEventBus(Executor dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void publish(JobEvent event) {
        List<Consumer<JobEvent>> targets = listeners.get(event.jobId());
        if (targets == null || targets.isEmpty()) {
            return;
        }
        dispatcher.execute(() -> {
            for (Consumer<JobEvent> listener : targets) {
                deliver(listener, event);
            }
        });
    }

    private static void deliver(Consumer<JobEvent> listener, JobEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // one failing listener must not starve the others
            LOG.log(System.Logger.Level.ERROR, "Listener failed for job " + event.jobId() + " seq " + event.seq(), e);
        }
    }

    @Override
    public BusSubscription subscribe(JobId jobId, Consumer<JobEvent> listener) {
        return register(listeners, jobId, listener);
    }

    @Override
    public void relay(RelayedEvent event) {
        List<Consumer<RelayedEvent>> targets = relayListeners.get(event.jobId());
        if (targets == null || targets.isEmpty()) {
            return;
        }
        dispatcher.execute(() -> {
            for (Consumer<RelayedEvent> listener : targets) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // the payload stays out of the log: it is the sender's, often ciphertext
                    LOG.log(System.Logger.Level.ERROR, "Listener failed for a relayed event of channel " + event.jobId(), e);
                }
            }
        });
    }

    @Override
    public BusSubscription subscribeRelayed(JobId jobId, Consumer<RelayedEvent> listener) {
        return register(relayListeners, jobId, listener);
    }

    private static <T> BusSubscription register(Map<JobId, List<Consumer<T>>> table, JobId jobId, Consumer<T> listener) {
        table.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> table.computeIfPresent(jobId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Delivered on the dispatcher, after the events published before it. */
    @Override
    public void publishPresence(PresenceNotice notice) {
        if (presenceListeners.isEmpty()) {
            return;
        }
        dispatcher.execute(() -> {
            for (Consumer<PresenceNotice> listener : presenceListeners) {
                try {
                    listener.accept(notice);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Presence listener failed for job " + notice.membership().jobId(), e);
                }
            }
        });
    }

    @Override
    public void addPresenceListener(Consumer<PresenceNotice> listener) {
        presenceListeners.add(listener);
    }

    @Override
    public void addReconnectListener(Runnable listener) {
        // never disconnects
    }

    @Override
    public EventBusState state() {
        return EventBusState.alwaysConnected();
    }
}
