package dev.herald.application.service.clients;

import dev.herald.domain.client.AddressWindowLimit;
import dev.herald.domain.error.Rejection;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what each client address does (connection attempts, ephemeral channel creations) in fixed
 * windows from its first action, for an {@link AddressWindowLimit}. A refused action counts too, so
 * an address that keeps trying stays refused until its window ends. Memory stays bounded under a
 * flood of distinct addresses: windows that ended are pruned once the table grows past a threshold.
 */
final class AddressWindows {

    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int count) {
    }

    private final AddressWindowLimit limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AddressWindows(AddressWindowLimit limit) {
        this.limit = limit;
    }

    /** Records an action of {@code address} and says whether it is over the limit. */
    Optional<Rejection> record(String address, Instant now) {
        if (!limit.enabled()) {
            return Optional.empty();
        }
        Window window = windows.compute(address, (key, current) ->
                current == null || !now.isBefore(current.start().plus(limit.window()))
                        ? new Window(now, 1)
                        : new Window(current.start(), current.count() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(limit.window())));
        }
        return limit.check(window.count());
    }

    int trackedAddresses() {
        return windows.size();
    }
}
