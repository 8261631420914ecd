package dev.herald.adapter.mongo;

import dev.herald.application.cache.RecentEventsCache;
import dev.herald.application.port.out.EventStore;

/**
 * The contract against what the gateway runs by default: the recent-events cache in front of the
 * embedded store, one cache per instance, bounds small enough that the contract's jobs overflow them.
 */
class CachedMongoEventStoreOnH2Test extends MongoEventStoreOnH2Test {

    @Override
    protected EventStore decorate(MongoEventStore store) {
        return new RecentEventsCache(store, 7, 4_000);
    }
}
