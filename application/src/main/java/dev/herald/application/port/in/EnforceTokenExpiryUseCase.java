package dev.herald.application.port.in;

/**
 * Run periodically: tells connections whose token has just expired ({@code TOKEN_EXPIRED}), and
 * closes those whose grace period ran out without a refresh ({@code UNAUTHORIZED}, 4401).
 */
public interface EnforceTokenExpiryUseCase {

    /** @return the connections closed by this round */
    int enforceExpiry();
}
