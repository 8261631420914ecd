package dev.herald.domain.client;

import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/**
 * A budget of actions one client address may take per fixed window (from its first action in the
 * window), such as new connections or new ephemeral channels. The counting is the application's;
 * the limit says how long a window is and whether a count is over it.
 */
public interface AddressWindowLimit {

    /** False when unlimited: nothing needs counting. */
    boolean enabled();

    Duration window();

    /** @param countInWindow the address' actions in the current window, this one included */
    Optional<Rejection> check(int countInWindow);
}
