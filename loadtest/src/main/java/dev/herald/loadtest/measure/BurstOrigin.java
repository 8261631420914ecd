package dev.herald.loadtest.measure;

/**
 * Latency as a user of a burst sees it: every delivery measured from one moment, t0, taken once just
 * before the burst's first request, not from its own event's POST. An event queued behind the rest of
 * the burst (in the publisher, or in the gateway) thus shows its wait. Nothing is recorded before
 * {@link #start(long)}: warm-up deliveries have no t0.
 */
public final class BurstOrigin {

    private static final long UNSET = Long.MIN_VALUE;

    private final Latency latency = new Latency();
    private volatile long t0 = UNSET;

    /** The burst is about to be issued ({@link System#nanoTime()}); from now on deliveries count. */
    public void start(long t0Nanos) {
        t0 = t0Nanos;
    }

    public boolean started() {
        return t0 != UNSET;
    }

    public long t0() {
        return t0;
    }

    /** A measured delivery received at {@code receivedNanos}: its latency from t0, when started. */
    public void record(long receivedNanos) {
        long origin = t0;
        if (origin != UNSET) {
            latency.recordNanos(receivedNanos - origin);
        }
    }

    public Latency latency() {
        return latency;
    }
}
