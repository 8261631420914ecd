package dev.herald.application.service.operations;

import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.in.RevokeUserUseCase;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.service.auth.Revocations;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.operator.Revocation;

import java.time.Clock;

/**
 * Stores the revocation first (so a restarted or later instance enforces it too), enforces it here
 * at once, then tells every instance, which closes the user's connections.
 */
public final class RevokeUserService implements RevokeUserUseCase {

    private static final System.Logger LOG = System.getLogger(RevokeUserService.class.getName());

    private final Revocations revocations;
    private final ClusterRequests cluster;
    private final Clock clock;

    public RevokeUserService(Revocations revocations, ClusterRequests cluster, Clock clock) {
        this.revocations = revocations;
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public RevokedUser revoke(String subject) {
        Revocation revocation;
        try {
            revocation = new Revocation(subject, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "A user (token sub) is 1 to "
                    + Revocation.MAX_SUBJECT_LENGTH + " characters");
        }
        try {
            revocations.store().record(revocation);
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Revocation of user " + subject + " refused: the store could not"
                    + " keep it (" + e.getMessage() + ")");
            throw new RejectedException(ErrorCode.STORE_UNAVAILABLE, "The store is unavailable; nothing was revoked");
        }
        revocations.adopt(revocation);
        LOG.log(System.Logger.Level.INFO, "Operator: user " + subject + " revoked at " + revocation.revokedAt()
                + " (stored); closing the user's connections on every instance");
        ClusterConnections closed = cluster.ask(new ControlMessage.RevokeUser(ClusterRequests.newRequestId(),
                revocation), replies -> false);
        return new RevokedUser(revocation, closed);
    }
}
