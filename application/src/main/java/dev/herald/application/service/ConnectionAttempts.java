package dev.herald.application.service;

import dev.herald.domain.client.ConnectionRateLimit;
import dev.herald.domain.error.Rejection;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts connection attempts per client address in fixed windows, for the {@link ConnectionRateLimit}.
 * Memory stays bounded under a flood of distinct addresses: windows that ended are pruned once the
 * table grows past a threshold.
 */
final class ConnectionAttempts {

    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int attempts) {
    }

    private final ConnectionRateLimit limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ConnectionAttempts(ConnectionRateLimit limit) {
        this.limit = limit;
    }

    /** Records an attempt from {@code address} and says whether it is over the rate. */
    Optional<Rejection> record(String address, Instant now) {
        if (!limit.enabled()) {
            return Optional.empty();
        }
        Window window = windows.compute(address, (key, current) ->
                current == null || !now.isBefore(current.start().plus(limit.window()))
                        ? new Window(now, 1)
                        : new Window(current.start(), current.attempts() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(limit.window())));
        }
        return limit.check(window.attempts());
    }

    int trackedAddresses() {
        return windows.size();
    }
}
