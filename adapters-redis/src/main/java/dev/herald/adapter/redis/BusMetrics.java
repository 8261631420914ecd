package dev.herald.adapter.redis;

import dev.herald.application.port.out.EventBusState;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The bus's counters and connection state, written by its threads and read by health and metrics. */
final class BusMetrics {

    private volatile boolean connected;
    private volatile String lastError;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong reconnectAttempts = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong malformedMessages = new AtomicLong();

    void reconnectAttempted() {
        reconnectAttempts.incrementAndGet();
    }

    /** The subscriber connection works again and every subscription is restored. */
    void connected(boolean afterLoss) {
        if (afterLoss) {
            reconnects.incrementAndGet();
        }
        connected = true;
    }

    void disconnected(String error) {
        connected = false;
        lastError = error;
    }

    /** Shut down on purpose: not connected, but not an error either. */
    void closed() {
        connected = false;
    }

    void publishFailed(int publications) {
        publishFailures.addAndGet(publications);
    }

    /** @return how many malformed messages have been seen, this one included */
    long malformedMessage() {
        return malformedMessages.incrementAndGet();
    }

    long publishFailures() {
        return publishFailures.get();
    }

    long malformedMessages() {
        return malformedMessages.get();
    }

    boolean connected() {
        return connected;
    }

    EventBusState state() {
        return new EventBusState(connected, reconnects.get(), reconnectAttempts.get(), Optional.ofNullable(lastError));
    }
}
