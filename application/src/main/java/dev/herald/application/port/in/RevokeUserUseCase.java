package dev.herald.application.port.in;

import dev.herald.domain.operator.Revocation;

/**
 * {@code DELETE /api/admin/users/{sub}}: closes every connection of the user on every instance
 * ({@code REVOKED}, close 4401) and refuses the user's tokens issued until now. Behind the admin guard.
 */
public interface RevokeUserUseCase {

    /** What was revoked, and the connections closed on the instances that answered. */
    record RevokedUser(Revocation revocation, ClusterConnections closed) {
    }

    /**
     * @throws dev.herald.domain.error.RejectedException {@code STORE_UNAVAILABLE} when the revocation
     *                                                   could not be stored (nothing revoked), {@code BAD_REQUEST}
     *                                                   for a {@code sub} over 256 characters
     */
    RevokedUser revoke(String subject);
}
