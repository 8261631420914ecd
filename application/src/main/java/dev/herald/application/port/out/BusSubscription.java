package dev.herald.application.port.out;

/** A listener's hold on a job's live events. */
@FunctionalInterface
public interface BusSubscription {

    /** Stops delivery to this listener. Idempotent. */
    void cancel();
}
