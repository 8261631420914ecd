package dev.herald.adapter.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The subscriber thread: connect, subscribe, read until the connection breaks, wait, again, until
 * closed. Jedis does not reconnect or resubscribe by itself; this loop does both. After every
 * reconnect it first restores the subscription of every job with listeners and only once Redis has
 * confirmed them calls the reconnect listeners, so that the application's reconciliation reads the
 * store at a point from which live delivery is working again.
 */
final class SubscriberLoop implements Runnable, SubscriberSession.Events {

    private static final System.Logger LOG = System.getLogger(SubscriberLoop.class.getName());

    private final RedisConnections connections;
    private final SubscriptionTable table;
    private final InboundMessages inbound;
    private final Watchdog watchdog;
    private final ReconnectListeners reconnectListeners;
    private final BusMetrics metrics;
    private final ReconnectBackoff backoff;
    private final DoubleSupplier jitter;
    private final String address;
    private final String controlChannel = JobChannels.newControlChannel();

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch firstOutcome = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile SubscriberSession current;
    private volatile Thread thread;
    /** Attempts since the last working connection; 0 while it works. Subscriber thread only. */
    private int failedAttempts;
    /** Whether a working connection now is a reconnect (anything but the first attempt at start). */
    private volatile boolean afterLoss;

    SubscriberLoop(RedisConnections connections, SubscriptionTable table, InboundMessages inbound, Watchdog watchdog,
                   ReconnectListeners reconnectListeners, BusMetrics metrics, ReconnectBackoff backoff,
                   DoubleSupplier jitter) {
        this.connections = connections;
        this.table = table;
        this.inbound = inbound;
        this.watchdog = watchdog;
        this.reconnectListeners = reconnectListeners;
        this.metrics = metrics;
        this.backoff = backoff;
        this.jitter = jitter;
        this.address = connections.endpoint().address();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (!stopping) {
            if (afterLoss) {
                metrics.reconnectAttempted();
            }
            boolean hadWorked = connectAndListen();
            afterLoss = true;
            firstOutcome.countDown();
            if (stopping) {
                return;
            }
            failedAttempts = hadWorked ? 1 : failedAttempts + 1;
            Duration delay = backoff.delay(failedAttempts, jitter.getAsDouble());
            LOG.log(System.Logger.Level.WARNING, (hadWorked
                    ? "Redis event bus lost its subscriber connection to " + address
                    : "Redis event bus could not connect to " + address)
                    + " (" + metrics.state().lastError().orElse("unknown error") + "); reconnect attempt "
                    + failedAttempts + " in " + delay.toMillis() + " ms");
            if (sleep(delay)) {
                return;
            }
        }
    }

    /** One connection's life. @return whether it got to work (subscribed) before it ended */
    private boolean connectAndListen() {
        SubscriberSession session = null;
        String error;
        try {
            Connection connection = connections.openSubscriberConnection();
            session = new SubscriberSession(connection, controlChannel, this);
            current = session;
            if (stopping) {
                session.abort("closing");
            }
            watchdog.watch(session);
            session.run();
            error = "the subscriber connection stopped listening";
        } catch (JedisException e) {
            error = session != null && session.abortReason() != null ? session.abortReason() : Failures.describe(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Redis event bus subscriber failed unexpectedly; reconnecting", e);
            error = "unexpected failure: " + Failures.describe(e);
        } finally {
            if (session != null) {
                table.detach(session);
                session.end();
            }
        }
        if (stopping) {
            metrics.closed();
        } else {
            metrics.disconnected(error);
        }
        return session != null && session.opened();
    }

    @Override
    public void opened(SubscriberSession session) {
        boolean reconnect = afterLoss;
        int attempts = failedAttempts;
        SubscriptionTable.Resubscription resubscription = table.attach(session);
        // runs on the subscriber thread when Redis confirms the last channel (at once when there is none)
        resubscription.confirmed().thenRun(() -> restored(session, reconnect, attempts, resubscription.jobs()));
    }

    private void restored(SubscriberSession session, boolean reconnect, int attempts, int jobs) {
        if (session.unusable() || stopping) {
            return;
        }
        failedAttempts = 0;
        metrics.connected(reconnect);
        firstOutcome.countDown();
        if (!reconnect) {
            LOG.log(System.Logger.Level.INFO, "Redis event bus connected to " + address);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Redis event bus reconnected to " + address + " after " + attempts
                + " attempt(s); resubscribed " + jobs + " job(s); reconciling from the event store");
        reconnectListeners.notifyReconnected();
    }

    @Override
    public void message(String channel, byte[] message) {
        inbound.receive(channel, message);
    }

    /** Whether the caller is the subscriber thread (a listener), which must never wait for itself. */
    boolean isSubscriberThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits for the first attempt to work or fail, at most {@code timeout}. */
    void awaitFirstOutcome(Duration timeout) throws InterruptedException {
        firstOutcome.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the loop: cuts the current connection and wakes it from its backoff sleep. */
    void stop() {
        stopping = true;
        stopSignal.countDown();
        SubscriberSession session = current;
        if (session != null) {
            session.abort("closing");
        }
    }

    /** @return true when stopped while sleeping */
    private boolean sleep(Duration delay) {
        try {
            return stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return true;
        }
    }
}
