package dev.herald.application.service.clients;

import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.TokenExpiry;

import java.time.Instant;

/**
 * A connection's current grant and where it stands on its expiry. A refresh swaps the grant; the
 * expiry sweep moves it on. Both under this monitor, so a refresh and the close for an expired
 * token never both win.
 */
final class SessionToken {

    private Grant grant;
    /** The client was told its current grant expired. */
    private boolean announced;
    /** The grace ran out: the connection is being closed, a late refresh cannot save it. */
    private boolean expiredOut;

    SessionToken(Grant grant) {
        this.grant = grant;
    }

    synchronized Grant grant() {
        return grant;
    }

    /** @return false when the connection is already being closed for its expired token */
    synchronized boolean renew(Grant next) {
        if (expiredOut) {
            return false;
        }
        grant = next;
        announced = false;
        return true;
    }

    /** What the expiry policy says now, remembered: a notice is given once, a close is final. */
    synchronized TokenExpiry.Step advance(TokenExpiry policy, Instant now) {
        if (expiredOut) {
            return TokenExpiry.Step.NONE;
        }
        TokenExpiry.Step step = policy.step(grant, announced, now);
        switch (step) {
            case ANNOUNCE -> announced = true;
            case CLOSE -> expiredOut = true;
            case NONE -> {
            }
        }
        return step;
    }
}
