package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/** How many jobs one connection may follow at once. Zero means unlimited. */
public record SubscriptionCap(int maxPerClient) {

    static final Rejection REACHED = Rejection.of(ErrorCode.SUBSCRIPTION_LIMIT, "Subscription limit reached");

    public SubscriptionCap {
        if (maxPerClient < 0) {
            throw new IllegalArgumentException("subscription cap must be >= 0 (0 = unlimited)");
        }
    }

    /**
     * @param held         subscriptions the client holds now
     * @param alreadyHeld  true when the request re-subscribes a job it holds (replaces the cursor,
     *                     so it takes no new slot)
     */
    public Optional<Rejection> check(int held, boolean alreadyHeld) {
        if (alreadyHeld || maxPerClient == 0 || held < maxPerClient) {
            return Optional.empty();
        }
        return Optional.of(REACHED);
    }
}
