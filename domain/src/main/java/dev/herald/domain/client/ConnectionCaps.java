package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/**
 * Admission caps: gateway-wide, per origin and per client address. Zero means unlimited. The
 * messages are the ones operators already know from the seed deployments.
 */
public record ConnectionCaps(int maxTotal, int maxPerOrigin, int maxPerAddress) {

    static final Rejection TOTAL = Rejection.of(ErrorCode.CONNECTION_LIMIT, "Too many realtime connections");
    static final Rejection ORIGIN = Rejection.of(ErrorCode.ORIGIN_LIMIT, "Too many connections from this origin");
    static final Rejection ADDRESS = Rejection.of(ErrorCode.IP_LIMIT, "Too many connections from this address");

    public ConnectionCaps {
        if (maxTotal < 0 || maxPerOrigin < 0 || maxPerAddress < 0) {
            throw new IllegalArgumentException("connection caps must be >= 0 (0 = unlimited)");
        }
    }

    public static ConnectionCaps unlimited() {
        return new ConnectionCaps(0, 0, 0);
    }

    /** Decides for a newcomer, given the connections already open before it. */
    public Optional<Rejection> admit(ConnectionCounts open) {
        if (reached(maxTotal, open.total())) {
            return Optional.of(TOTAL);
        }
        if (reached(maxPerOrigin, open.forOrigin())) {
            return Optional.of(ORIGIN);
        }
        if (reached(maxPerAddress, open.forAddress())) {
            return Optional.of(ADDRESS);
        }
        return Optional.empty();
    }

    private static boolean reached(int cap, int open) {
        return cap > 0 && open >= cap;
    }
}
