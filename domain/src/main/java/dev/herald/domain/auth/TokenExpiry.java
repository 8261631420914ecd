package dev.herald.domain.auth;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What happens to an open connection whose token runs out. At the token's expiry the client is
 * told ({@code TOKEN_EXPIRED}) and stays connected, receiving, so it can send a fresh token; a
 * connection still on the expired token once the grace period is over is closed
 * ({@code UNAUTHORIZED}, 4401). A zero grace closes at expiry without the notice. A grant without
 * expiry (auth off) never runs out.
 */
public record TokenExpiry(Duration grace) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public static final Rejection GRACE_OVER = Rejection.of(ErrorCode.UNAUTHORIZED,
            "The token expired and was not refreshed in time; reconnect with a new token");

    /** What to do to a connection now. */
    public enum Step {
        /** Nothing: the token is valid, or the client was told and the grace is running. */
        NONE,
        /** The token has just expired: tell the client, which has the grace period to refresh. */
        ANNOUNCE,
        /** The grace period is over: close the connection. */
        CLOSE
    }

    public TokenExpiry {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("token expiry grace must be >= 0");
        }
    }

    public static TokenExpiry defaults() {
        return new TokenExpiry(DEFAULT_GRACE);
    }

    public static TokenExpiry ofMillis(long millis) {
        return new TokenExpiry(Duration.ofMillis(millis));
    }

    /**
     * @param announced whether the holder was already told that this grant expired
     */
    public Step step(Grant grant, boolean announced, Instant now) {
        if (!grant.expired(now)) {
            return Step.NONE;
        }
        Instant graceEnds = grant.expiresAt().orElseThrow().plus(grace);
        if (!now.isBefore(graceEnds)) {
            return Step.CLOSE;
        }
        return announced ? Step.NONE : Step.ANNOUNCE;
    }

    /** The notice sent at expiry: it says how long the client has to refresh. */
    public Rejection expiredNotice() {
        return Rejection.of(ErrorCode.TOKEN_EXPIRED, "The token has expired; send refresh with a new token within "
                + grace.toMillis() + " ms or the connection will be closed");
    }
}
