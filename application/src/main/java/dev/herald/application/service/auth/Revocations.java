package dev.herald.application.service.auth;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.operator.Revocation;
import dev.herald.domain.operator.RevocationList;

import java.util.List;
import java.util.Optional;

/** The revocations this instance enforces: the store's, plus what the cluster announced since. */
public final class Revocations {

    private static final System.Logger LOG = System.getLogger(Revocations.class.getName());

    private final RevocationStore store;
    private volatile RevocationList list = RevocationList.empty();

    public Revocations(RevocationStore store) {
        this.store = store;
    }

    /** {@code REVOKED} when a revocation refuses the grant's token. */
    public Optional<Rejection> refusal(Grant grant) {
        return list.refusal(grant);
    }

    /** @return whether it changed what is refused */
    public synchronized boolean adopt(Revocation revocation) {
        RevocationList next = list.with(revocation);
        boolean changed = next != list;
        list = next;
        return changed;
    }

    /** Reads the store (at start, after a reconnect); returns what it added. Keeps what it has when the store is down. */
    public List<Revocation> reload() {
        List<Revocation> stored;
        try {
            stored = store.all();
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Revocations: the store could not be read (" + e.getMessage()
                    + "); enforcing the " + list.size() + " known");
            return List.of();
        }
        List<Revocation> added = stored.stream().filter(this::adopt).toList();
        if (!added.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Revocations: " + added.size() + " read from the store, " + list.size()
                    + " in force");
        }
        return added;
    }

    public RevocationStore store() {
        return store;
    }
}
