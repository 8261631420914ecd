package dev.herald.application.port.out;

import dev.herald.domain.operator.Revocation;

import java.util.List;

/**
 * The operator's revocations, kept with the events (same store, same durability), so that an
 * instance that starts later, or restarts, still refuses the revoked tokens.
 */
public interface RevocationStore {

    /**
     * Records a revocation durably before it returns. A later revocation of the same subject
     * replaces an earlier one; an earlier one changes nothing.
     *
     * @throws EventStoreUnavailableException when the store cannot take it now
     */
    void record(Revocation revocation);

    /**
     * Every subject's latest revocation.
     *
     * @throws EventStoreUnavailableException when the store cannot be read now
     */
    List<Revocation> all();
}
