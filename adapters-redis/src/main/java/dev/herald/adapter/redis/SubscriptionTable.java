package dev.herald.adapter.redis;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The jobs this instance listens to and the open subscriber session, kept in step: the first
 * listener of a job subscribes its channel, the last one to leave unsubscribes it, and a new session
 * subscribes every job that has listeners. One lock orders these changes together with the
 * commands they write to the session, so a SUBSCRIBE and an UNSUBSCRIBE of the same job from two
 * threads reach Redis in the order the registry changed. Delivery reads the listeners without it.
 */
final class SubscriptionTable {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ReentrantLock lock = new ReentrantLock();
    /** Changed only under {@link #lock}; read without it by {@link #deliver}. */
    private final Map<String, JobListeners> jobs = new ConcurrentHashMap<>();
    /** Channels outside the job layout (cluster control), subscribed for good. Changed under {@link #lock}. */
    private final Map<String, Consumer<byte[]>> controls = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}: the session commands go to, or null while there is none. */
    private SubscriberSession session;

    /** A listener's place in the table, and the broker confirmation its subscribe waits for. */
    record Added(JobListeners.Registration registration, CompletableFuture<Void> confirmation) {
    }

    /** The jobs a new session subscribed to, and when the broker has confirmed all of them. */
    record Resubscription(int jobs, CompletableFuture<Void> confirmed) {
    }

    Added add(JobId jobId, Consumer<JobEvent> listener) {
        return add(jobId, listener, null);
    }

    /** A listener of the channel's relayed events; it shares the job's channel subscription. */
    Added addRelayed(JobId jobId, Consumer<RelayedEvent> listener) {
        return add(jobId, null, listener);
    }

    private Added add(JobId jobId, Consumer<JobEvent> stored, Consumer<RelayedEvent> relayed) {
        String channel = JobChannels.of(jobId);
        lock.lock();
        try {
            JobListeners listeners = jobs.computeIfAbsent(channel, c -> new JobListeners(jobId));
            JobListeners.Registration registration = listeners.add(stored, relayed);
            if (listeners.size() == 1) {
                // disconnected: nothing to wait for, the next session subscribes it
                listeners.awaiting(session == null ? DONE : session.subscribe(List.of(channel)).get(channel));
            }
            return new Added(registration, listeners.confirmation());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Listens to a channel that is not a job's, for as long as the bus lives (every new session
     * subscribes it again). One listener per channel.
     */
    CompletableFuture<Void> addControl(String channel, Consumer<byte[]> listener) {
        lock.lock();
        try {
            if (controls.putIfAbsent(channel, listener) != null) {
                throw new IllegalStateException("channel " + channel + " has a listener already");
            }
            return session == null ? DONE : session.subscribe(List.of(channel)).get(channel);
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the subscriber thread: hands a control channel's message to its listener. */
    boolean deliverControl(String channel, byte[] message) {
        Consumer<byte[]> listener = controls.get(channel);
        if (listener == null) {
            return false;
        }
        listener.accept(message);
        return true;
    }

    /** Idempotent. */
    void remove(JobListeners.Registration registration) {
        String channel = JobChannels.of(registration.jobId());
        lock.lock();
        try {
            JobListeners listeners = jobs.get(channel);
            if (listeners == null || !listeners.remove(registration)) {
                return;
            }
            if (listeners.size() == 0) {
                jobs.remove(channel);
                if (session != null) {
                    session.unsubscribe(channel);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A session opened: from now on commands go to it, starting with one SUBSCRIBE for every job with listeners. */
    Resubscription attach(SubscriberSession opened) {
        lock.lock();
        try {
            session = opened;
            if (jobs.isEmpty() && controls.isEmpty()) {
                return new Resubscription(0, DONE);
            }
            List<String> channels = new java.util.ArrayList<>(jobs.keySet());
            channels.addAll(controls.keySet());
            Map<String, CompletableFuture<Void>> confirmations = opened.subscribe(channels);
            confirmations.forEach((channel, confirmation) -> {
                JobListeners listeners = jobs.get(channel);
                if (listeners != null) {
                    listeners.awaiting(confirmation);
                }
            });
            return new Resubscription(jobs.size(),
                    CompletableFuture.allOf(confirmations.values().toArray(CompletableFuture[]::new)));
        } finally {
            lock.unlock();
        }
    }

    void detach(SubscriberSession ended) {
        lock.lock();
        try {
            if (session == ended) {
                session = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pings the session if it is still the one commands go to. Waits at most {@code patience} for
     * the lock: a writer stuck on a dead connection must not stall the watchdog too.
     *
     * @return false when the session is no longer current or the lock was not free in time
     */
    boolean ping(SubscriberSession target, long token, Duration patience) throws InterruptedException {
        if (!lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            if (session != target) {
                return false;
            }
            target.ping(token);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the subscriber thread for every event received. */
    void deliver(String channel, JobEvent event) {
        JobListeners listeners = jobs.get(channel);
        if (listeners != null) {
            listeners.deliver(event);
        }
    }

    /** Runs on the subscriber thread for every relayed event received. */
    void deliver(String channel, RelayedEvent event) {
        JobListeners listeners = jobs.get(channel);
        if (listeners != null) {
            listeners.deliver(event);
        }
    }

    int jobCount() {
        return jobs.size();
    }
}
