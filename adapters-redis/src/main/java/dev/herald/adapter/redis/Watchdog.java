package dev.herald.adapter.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detects a subscriber connection that is open but dead (half-open: the broker host vanished, a
 * firewall dropped the flow, the broker is frozen). Jedis reads a subscribed connection with no
 * timeout, so without this the subscriber thread would wait forever. Every {@code interval} it
 * sends PING on the connection; no PONG within {@code timeout} cuts the connection, which makes
 * the subscriber reconnect. It also cuts a new connection whose first SUBSCRIBE is not confirmed
 * within {@code timeout}.
 */
final class Watchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

    private final ScheduledExecutorService scheduler;
    private final SubscriptionTable table;
    private final Duration interval;
    private final Duration timeout;
    private final AtomicLong tokens = new AtomicLong();

    Watchdog(SubscriptionTable table, Duration interval, Duration timeout, ThreadFactory threads) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        this.table = table;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Watches a session from before its first SUBSCRIBE until it ends. */
    void watch(SubscriberSession session) {
        schedule(() -> {
            if (!session.opened() && !session.ended()) {
                session.abort("no answer to SUBSCRIBE within " + timeout.toMillis() + " ms");
            }
        }, timeout);
        schedule(() -> tick(session), interval);
    }

    private void tick(SubscriberSession session) throws InterruptedException {
        if (session.ended()) {
            return;
        }
        if (session.opened()) {
            long token = tokens.incrementAndGet();
            // scheduled before the ping, so that a ping stuck behind a blocked writer is still judged
            schedule(() -> check(session, token), timeout);
            table.ping(session, token, timeout);
        }
        schedule(() -> tick(session), interval);
    }

    private void check(SubscriberSession session, long token) {
        if (!session.ended() && session.lastPong() < token) {
            session.abort("no PONG within " + timeout.toMillis() + " ms (half-open connection?)");
        }
    }

    private interface Task {
        void run() throws InterruptedException;
    }

    private void schedule(Task task, Duration delay) {
        if (scheduler.isShutdown()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    // an exception would silently end this watch: say so instead
                    LOG.log(System.Logger.Level.ERROR, "Redis subscriber watchdog task failed", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
