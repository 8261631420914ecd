package dev.herald.application.cache;

import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreContract;
import dev.herald.application.testing.TestEventStore;

/**
 * The cache is an event store too: the contract holds through it, with two gateway instances each
 * caching over one backend (and bounds small enough that the contract's jobs overflow them).
 */
class RecentEventsCacheContractTest extends EventStoreContract {

    private final TestEventStore backend = new TestEventStore();
    private final RecentEventsCache store = new RecentEventsCache(backend, 7, 4_000);
    private final RecentEventsCache peer = new RecentEventsCache(backend, 7, 4_000);

    @Override
    protected EventStore store() {
        return store;
    }

    @Override
    protected EventStore peerStore() {
        return peer;
    }
}
