package dev.herald.adapter.redis;

import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One subscriber connection's life, from the first SUBSCRIBE until it breaks. Jedis cannot reuse a
 * pub/sub object once it has unsubscribed, so every connection gets a new one.
 *
 * <p>{@link #run()} blocks the subscriber thread, reading replies and messages (Jedis sets an infinite
 * read timeout for that, which is why a {@link Watchdog} pings the connection). Other threads send
 * {@link #subscribe}, {@link #unsubscribe} and {@link #ping} under the {@link SubscriptionTable}'s
 * lock, so that what Redis is subscribed to always follows the listener registry.
 */
final class SubscriberSession extends BinaryJedisPubSub {

    /** What the session reports, on the subscriber thread. Implementations must not throw. */
    interface Events {

        /** The control channel is confirmed: the connection works and accepts commands from other threads. */
        void opened(SubscriberSession session);

        void message(String channel, byte[] message);
    }

    private final Connection connection;
    private final String controlChannel;
    private final Events events;
    /** SUBSCRIBE commands sent and not yet confirmed, per channel, in sending order. */
    private final Map<String, Deque<CompletableFuture<Void>>> pending = new HashMap<>();
    private volatile boolean opened;
    private volatile boolean ended;
    private volatile boolean broken;
    private volatile long lastPong;
    private volatile String abortReason;

    SubscriberSession(Connection connection, String controlChannel, Events events) {
        this.connection = connection;
        this.controlChannel = controlChannel;
        this.events = events;
    }

    /** Subscribes the control channel and processes everything that arrives until the connection breaks. */
    void run() {
        proceed(connection, bytes(controlChannel));
    }

    boolean opened() {
        return opened;
    }

    boolean ended() {
        return ended;
    }

    /** Ended, or a write to it failed (the subscriber thread has yet to notice). */
    boolean unusable() {
        return ended || broken;
    }

    /** The highest ping token answered so far. */
    long lastPong() {
        return lastPong;
    }

    /** Why the connection was cut on purpose (watchdog, close), if it was. */
    String abortReason() {
        return abortReason;
    }

    /**
     * Sends one SUBSCRIBE for these channels.
     *
     * @return per channel, a future completed when Redis confirms it or when the connection ends
     */
    Map<String, CompletableFuture<Void>> subscribe(Collection<String> channels) {
        Map<String, CompletableFuture<Void>> confirmations = new LinkedHashMap<>();
        synchronized (pending) {
            for (String channel : channels) {
                CompletableFuture<Void> confirmation = new CompletableFuture<>();
                pending.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(confirmation);
                confirmations.put(channel, confirmation);
            }
        }
        try {
            subscribe(channels.stream().map(SubscriberSession::bytes).toArray(byte[][]::new));
        } catch (JedisException e) {
            // the connection is breaking: the subscriber thread will notice and reconnect
            broken = true;
            releasePending();
        }
        return confirmations;
    }

    void unsubscribe(String channel) {
        try {
            unsubscribe(bytes(channel));
        } catch (JedisException e) {
            // the connection is breaking; the next one will not subscribe this channel
            broken = true;
        }
    }

    void ping(long token) {
        try {
            ping(bytes(Long.toString(token)));
        } catch (JedisException e) {
            // the connection is breaking; the watchdog sees no PONG and aborts it
            broken = true;
        }
    }

    /** Cuts the connection from another thread; the blocked {@link #run()} then fails and returns. */
    void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        closeSocket();
    }

    /** The connection is gone: waiters stop waiting (their subscription is restored on the next connection). */
    void end() {
        ended = true;
        releasePending();
        closeSocket();
    }

    /** Without the flush that {@code Connection.close()} does, which could block on a half-open connection. */
    private void closeSocket() {
        try {
            connection.forceDisconnect();
        } catch (IOException | RuntimeException e) {
            // closing quietly is all that is wanted here
        }
    }

    private void releasePending() {
        synchronized (pending) {
            pending.values().forEach(queue -> queue.forEach(f -> f.complete(null)));
            pending.clear();
        }
    }

    @Override
    public void onSubscribe(byte[] channel, int subscribedChannels) {
        String name = string(channel);
        if (name.equals(controlChannel)) {
            opened = true;
            events.opened(this);
            return;
        }
        CompletableFuture<Void> confirmation;
        synchronized (pending) {
            Deque<CompletableFuture<Void>> queue = pending.get(name);
            confirmation = queue == null ? null : queue.poll();
            if (queue != null && queue.isEmpty()) {
                pending.remove(name);
            }
        }
        if (confirmation != null) {
            confirmation.complete(null);
        }
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
        events.message(string(channel), message);
    }

    @Override
    public void onPong(byte[] token) {
        if (token == null) {
            return;
        }
        try {
            lastPong = Math.max(lastPong, Long.parseLong(string(token)));
        } catch (NumberFormatException e) {
            // not one of ours
        }
    }

    private static byte[] bytes(String channel) {
        return channel.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] channel) {
        return new String(channel, StandardCharsets.UTF_8);
    }
}
