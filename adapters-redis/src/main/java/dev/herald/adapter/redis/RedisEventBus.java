package dev.herald.adapter.redis;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusState;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * {@link EventBus} over Redis pub/sub, through Jedis: publishes through a connection pool, receives
 * on one subscriber connection with its own thread, one channel per job ({@code herald:job:<jobId>},
 * see {@link JobChannels}), stored and relayed events encoded by {@link JobEventCodec} (an
 * ephemeral channel's relayed events travel on its job channel: nothing of them is kept in Redis). It survives broker outages:
 * the subscriber reconnects forever with backoff, a watchdog detects half-open connections, and
 * after every reconnect the jobs are resubscribed and then the reconnect listeners are called so
 * that the application repairs what live delivery missed from the event store.
 *
 * <p>Listeners and reconnect listeners run on the subscriber thread: they must be quick and hand
 * real work to another thread (a slow one delays every event and the watchdog's PONGs).
 */
public final class RedisEventBus implements EventBus, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisEventBus.class.getName());

    private final RedisSettings settings;
    private final BusMetrics metrics = new BusMetrics();
    private final SubscriptionTable table = new SubscriptionTable();
    private final ReconnectListeners reconnectListeners = new ReconnectListeners();
    private final List<Consumer<PresenceNotice>> presenceListeners = new CopyOnWriteArrayList<>();
    private final RedisPublisher publisher;
    private final Watchdog watchdog;
    private final SubscriberLoop loop;
    private final Thread subscriberThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisEventBus(RedisSettings settings, ThreadFactory threads, DoubleSupplier jitter) {
        this.settings = settings;
        RedisConnections connections = new RedisConnections(settings);
        this.publisher = new RedisPublisher(connections, metrics, metrics::connected);
        this.watchdog = new Watchdog(table, settings.watchdogInterval(), settings.socketTimeout(), threads);
        this.loop = new SubscriberLoop(connections, table, new InboundMessages(table, metrics, presenceListeners), watchdog,
                reconnectListeners, metrics, settings.backoff(), jitter);
        this.subscriberThread = threads.newThread(loop);
    }

    /**
     * Starts the bus and waits (at most the connect plus twice the socket timeout) for its first
     * connection attempt, so that early subscriptions are confirmed normally. A broker that is down
     * does not fail the start: the bus keeps trying in the background.
     */
    public static RedisEventBus start(RedisSettings settings) {
        return start(settings, daemonThreads());
    }

    /** As {@link #start(RedisSettings)}, with the container's thread factory (e.g. a ManagedThreadFactory). */
    public static RedisEventBus start(RedisSettings settings, ThreadFactory threads) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(threads, "threads");
        RedisEventBus bus = new RedisEventBus(settings, threads, () -> ThreadLocalRandom.current().nextDouble());
        bus.subscriberThread.start();
        try {
            bus.loop.awaitFirstOutcome(settings.connectTimeout().plus(settings.socketTimeout().multipliedBy(2)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return bus;
    }

    /** Daemon threads, so that a bus nobody closed does not keep the JVM alive. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            String role = runnable instanceof SubscriberLoop ? "subscriber" : "watchdog";
            Thread thread = new Thread(runnable, "herald-redis-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @throws dev.herald.application.port.out.EventBusUnavailableException when Redis cannot take it; bounded by the connect and socket timeouts */
    @Override
    public void publish(JobEvent event) {
        publisher.publish(event);
    }

    /** One round trip for the batch: a pipeline on one pooled connection. */
    @Override
    public void publishAll(List<JobEvent> events) {
        if (!events.isEmpty()) {
            publisher.publishAll(events);
        }
    }

    /**
     * Registers the listener, and when it is the job's first, subscribes the job's channel. While
     * connected it returns once Redis has confirmed the SUBSCRIBE (or after the socket timeout, when
     * the connection is too slow to tell); while disconnected it returns at once, and the next
     * connection subscribes the job before the reconnect listeners run.
     */
    @Override
    public BusSubscription subscribe(JobId jobId, Consumer<JobEvent> listener) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(listener, "listener");
        return cancellable(jobId, table.add(jobId, listener));
    }

    /**
     * One PUBLISH on the channel, from the calling thread through a pooled connection: relays one
     * thread makes one after the other reach Redis, and so every subscriber connection, in order.
     *
     * @throws dev.herald.application.port.out.EventBusUnavailableException when Redis cannot take it
     */
    @Override
    public void relay(RelayedEvent event) {
        publisher.relay(event);
    }

    @Override
    public BusSubscription subscribeRelayed(JobId jobId, Consumer<RelayedEvent> listener) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(listener, "listener");
        return cancellable(jobId, table.addRelayed(jobId, listener));
    }

    private BusSubscription cancellable(JobId jobId, SubscriptionTable.Added added) {
        awaitConfirmation(jobId, added);
        AtomicBoolean cancelled = new AtomicBoolean();
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                table.remove(added.registration());
            }
        };
    }

    private void awaitConfirmation(JobId jobId, SubscriptionTable.Added added) {
        if (loop.isSubscriberThread()) {
            // called from a listener: the confirmation could only be read by this very thread
            return;
        }
        Duration timeout = settings.socketTimeout();
        try {
            added.confirmation().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis did not confirm the subscription to job " + jobId + " within "
                    + timeout.toMillis() + " ms; it stays registered (a stalled connection is reconnected and"
                    + " then reconciled)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // confirmations are only ever completed normally
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Listens, for as long as the bus lives, to a channel outside the job layout (the cluster's
     * control channel): subscribed again on every new connection, before the reconnect listeners
     * run. The listener runs on the subscriber thread and must be quick and must not throw.
     */
    public void listenToControl(String channel, Consumer<byte[]> listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listener, "listener");
        if (channel.startsWith(JobChannels.JOB_PREFIX)) {
            throw new IllegalArgumentException("a job channel is not a control channel: " + channel);
        }
        CompletableFuture<Void> confirmation = table.addControl(channel, listener);
        if (!loop.isSubscriberThread()) {
            try {
                confirmation.get(settings.socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "Redis did not confirm the subscription to " + channel
                        + " in time; it stays registered");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * On the job's channel: only the instances subscribed to the job hear it, the ones whose
     * clients follow the channel.
     *
     * @throws dev.herald.application.port.out.EventBusUnavailableException when Redis cannot take it
     */
    @Override
    public void publishPresence(PresenceNotice notice) {
        publisher.publishPresence(notice);
    }

    @Override
    public void addPresenceListener(Consumer<PresenceNotice> listener) {
        presenceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addReconnectListener(Runnable listener) {
        reconnectListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public EventBusState state() {
        return metrics.state();
    }

    /** Publications Redis did not take since start (each one was stored and is delivered by reconciliation). */
    public long publishFailures() {
        return metrics.publishFailures();
    }

    /** Messages on job channels that were not events this bus can read, since start. */
    public long malformedMessages() {
        return metrics.malformedMessages();
    }

    /** Jobs this instance currently holds a channel subscription for. */
    public int subscribedJobs() {
        return table.jobCount();
    }

    /** Host and port of the broker (no credentials), for health data and logs. */
    public String brokerAddress() {
        return settings.endpoint().address();
    }

    /** Stops the threads and closes the subscriber connection and the pool. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.stop();
        watchdog.close();
        try {
            subscriberThread.join(settings.connectTimeout().plus(settings.socketTimeout()).plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
