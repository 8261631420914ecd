package dev.herald.adapter.file;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the log's writes are forced from the operating system's page cache to the disk.
 *
 * <ul>
 *   <li>{@code never} (the default, what the embedded MongoDB store's command journal does): an
 *       acknowledged event is in the page cache, so it survives the death of the JVM (kill -9, the
 *       OOM killer, a crash) but not the loss of the machine (power cut, kernel panic), which may
 *       lose the last seconds the kernel had not written back yet.</li>
 *   <li>{@code always}: each group of appends is forced before any of them is acknowledged; an
 *       acknowledged event survives a power cut too. Costs one fsync per group (groups grow under
 *       load, so the cost is shared by the appends that queued meanwhile).</li>
 *   <li>an interval: forced at most that long after a write, by a background thread; a power cut
 *       loses at most about that much acknowledged data.</li>
 * </ul>
 */
public record FsyncPolicy(Mode mode, Duration interval) {

    public enum Mode { NEVER, ALWAYS, INTERVAL }

    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.INTERVAL && (interval == null || interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("an fsync interval must be positive");
        }
    }

    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, null);
    }

    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, null);
    }

    public static FsyncPolicy every(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    /** {@code never}, {@code always}, or a number of milliseconds (an interval). */
    public static FsyncPolicy parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("never")) {
            return never();
        }
        if (value.equals("always")) {
            return always();
        }
        long millis;
        try {
            millis = Long.parseLong(value.endsWith("ms") ? value.substring(0, value.length() - 2) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected never, always or an interval in milliseconds, got \""
                    + text + "\"");
        }
        if (millis < 1) {
            throw new IllegalArgumentException("an fsync interval must be at least 1 ms, got " + millis);
        }
        return every(Duration.ofMillis(millis));
    }

    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "every " + interval.toMillis() + " ms" : mode.name().toLowerCase(Locale.ROOT);
    }
}
