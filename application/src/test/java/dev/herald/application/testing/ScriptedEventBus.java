package dev.herald.application.testing;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusState;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A bus under the test's control: publications wait in an outbox until the test delivers, drops,
 * duplicates or reorders them, the way a real at-most-once broker may.
 */
public final class ScriptedEventBus implements EventBus {

    private final Map<JobId, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final List<JobEvent> outbox = new ArrayList<>();
    private final List<Consumer<PresenceNotice>> presenceListeners = new CopyOnWriteArrayList<>();
    private final List<PresenceNotice> presenceOutbox = new ArrayList<>();
    private final Map<JobId, List<Consumer<RelayedEvent>>> relayListeners = new ConcurrentHashMap<>();
    private final List<RelayedEvent> relayed = new CopyOnWriteArrayList<>();
    private volatile boolean available = true;
    private volatile long reconnects;

    @Override
    public synchronized void publish(JobEvent event) {
        if (!available) {
            throw new EventBusUnavailableException("scripted outage", null);
        }
        outbox.add(event);
    }

    @Override
    public BusSubscription subscribe(JobId jobId, Consumer<JobEvent> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.getOrDefault(jobId, List.of()).remove(listener);
    }

    /** Relays go through at once, in order: the tests of relaying look at who gets what, not at loss. */
    @Override
    public void relay(RelayedEvent event) {
        if (!available) {
            throw new EventBusUnavailableException("scripted outage", null);
        }
        relayed.add(event);
        for (Consumer<RelayedEvent> listener : relayListeners.getOrDefault(event.jobId(), List.of())) {
            listener.accept(event);
        }
    }

    @Override
    public BusSubscription subscribeRelayed(JobId jobId, Consumer<RelayedEvent> listener) {
        relayListeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> relayListeners.getOrDefault(jobId, List.of()).remove(listener);
    }

    /** Every relay that reached the bus, in order. */
    public List<RelayedEvent> relayed() {
        return List.copyOf(relayed);
    }

    public int relayListenerCount(JobId jobId) {
        return relayListeners.getOrDefault(jobId, List.of()).size();
    }

    @Override
    public synchronized void publishPresence(PresenceNotice notice) {
        if (!available) {
            throw new EventBusUnavailableException("scripted outage", null);
        }
        presenceOutbox.add(notice);
    }

    @Override
    public void addPresenceListener(Consumer<PresenceNotice> listener) {
        presenceListeners.add(listener);
    }

    /** Presence notices published and not yet delivered. */
    public synchronized List<PresenceNotice> presenceOutbox() {
        return List.copyOf(presenceOutbox);
    }

    /** Delivers one presence notice to every instance now (also used to inject duplicates or late ones). */
    public void deliver(PresenceNotice notice) {
        presenceListeners.forEach(listener -> listener.accept(notice));
    }

    /** Drops the pending presence notices, as a broker outage would. */
    public synchronized void dropPresenceNotices() {
        presenceOutbox.clear();
    }

    @Override
    public void addReconnectListener(Runnable listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public EventBusState state() {
        return new EventBusState(available, reconnects, reconnects, available ? Optional.empty() : Optional.of("scripted outage"));
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Simulates a reconnect: listeners are told, as a real bus does after resubscribing. */
    public void reconnect() {
        available = true;
        reconnects++;
        reconnectListeners.forEach(Runnable::run);
    }

    /** Publications not yet delivered: events and presence notices. */
    public synchronized int outboxSize() {
        return outbox.size() + presenceOutbox.size();
    }

    /** Takes the publication at {@code index} out of the outbox. */
    public synchronized JobEvent take(int index) {
        return outbox.remove(index);
    }

    /** Delivers every pending publication in order (presence notices after events). */
    public void deliverAll() {
        deliverEvents();
        while (true) {
            PresenceNotice notice;
            synchronized (this) {
                if (presenceOutbox.isEmpty()) {
                    return;
                }
                notice = presenceOutbox.remove(0);
            }
            deliver(notice);
        }
    }

    private void deliverEvents() {
        while (true) {
            JobEvent next;
            synchronized (this) {
                if (outbox.isEmpty()) {
                    return;
                }
                next = outbox.remove(0);
            }
            deliver(next);
        }
    }

    /** Delivers one event to the job's listeners now (also used to inject duplicates). */
    public void deliver(JobEvent event) {
        for (Consumer<JobEvent> listener : listeners.getOrDefault(event.jobId(), List.of())) {
            listener.accept(event);
        }
    }

    public synchronized void dropAll() {
        outbox.clear();
    }

    public int listenerCount(JobId jobId) {
        return listeners.getOrDefault(jobId, List.of()).size();
    }
}
