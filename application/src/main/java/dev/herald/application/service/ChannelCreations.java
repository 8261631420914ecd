package dev.herald.application.service;

import dev.herald.domain.channel.ChannelCreationLimit;
import dev.herald.domain.error.Rejection;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the ephemeral channels each client address creates, in fixed windows from its first
 * creation, for the {@link ChannelCreationLimit}. A refused creation counts too, so an address that
 * keeps trying stays refused until its window ends. Memory stays bounded under many addresses:
 * windows that ended are pruned once the table grows past a threshold.
 */
final class ChannelCreations {

    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int creations) {
    }

    private final ChannelCreationLimit limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ChannelCreations(ChannelCreationLimit limit) {
        this.limit = limit;
    }

    /** Records a creation by {@code address} and says whether it is over the limit. */
    Optional<Rejection> record(String address, Instant now) {
        if (!limit.enabled()) {
            return Optional.empty();
        }
        Window window = windows.compute(address, (key, current) ->
                current == null || !now.isBefore(current.start().plus(limit.window()))
                        ? new Window(now, 1)
                        : new Window(current.start(), current.creations() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(limit.window())));
        }
        return limit.check(window.creations());
    }

    int trackedAddresses() {
        return windows.size();
    }
}
