package dev.herald.adapter.memory;

import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.port.out.RevocationStoreContract;

/** The revocation store contract in memory (nothing survives a restart: not durable). */
class InMemoryRevocationStoreTest extends RevocationStoreContract {

    private final InMemoryRevocationStore store = new InMemoryRevocationStore();

    @Override
    protected RevocationStore store() {
        return store;
    }

    @Override
    protected RevocationStore reopened() {
        return store;
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
