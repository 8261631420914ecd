package dev.herald.adapter.mongo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long an append waits after losing a race for a seq, and how often it may lose. The wait is
 * random so that the losers of one race do not collide again in lockstep; it grows with each loss
 * up to a cap so that a crowd of appenders spreads out.
 */
final class AppendBackoff {

    static final int MAX_ATTEMPTS = 64;
    private static final int MAX_PAUSE_MICROS = 16_000;

    private AppendBackoff() {
    }

    static boolean mayRetry(int attemptsSoFar) {
        return attemptsSoFar < MAX_ATTEMPTS;
    }

    /** Pauses for a random time in {@code [0, min(2^losses * 250 us, 16 ms))}. */
    static void pauseAfter(int losses) throws InterruptedException {
        int ceiling = (int) Math.min(MAX_PAUSE_MICROS, 250L << Math.min(losses, 10));
        long micros = ThreadLocalRandom.current().nextLong(ceiling);
        Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    }
}
