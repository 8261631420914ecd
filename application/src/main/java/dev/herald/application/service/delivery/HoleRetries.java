package dev.herald.application.service.delivery;

import java.time.Duration;

/**
 * The retries of a subscription's store read that came back with a hole (a seq missing before the
 * ones after it: a write still in flight on another instance, or events retention deleted). The
 * read is retried after 50 ms, doubling up to 5 s, so that a hole that takes long to fill (or never
 * fills) costs a few reads a minute, not twenty a second; the hole is logged on its first sight
 * only. Used by one pump at a time, so not thread-safe.
 */
final class HoleRetries {

    static final Duration FIRST_DELAY = Duration.ofMillis(50);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    /** Counting beyond this changes nothing (the delay is long capped) and keeps the shift small. */
    private static final int MAX_COUNTED = 16;

    private int retries;

    /** Another read came back with a hole: how long to wait before reading again. */
    Duration next() {
        retries = Math.min(retries + 1, MAX_COUNTED);
        return Duration.ofMillis(Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << (retries - 1)));
    }

    /** True while a hole is being waited for (since the last {@link #reset()}). */
    boolean retrying() {
        return retries > 0;
    }

    /** The hole filled, or was skipped as deleted. */
    void reset() {
        retries = 0;
    }
}
