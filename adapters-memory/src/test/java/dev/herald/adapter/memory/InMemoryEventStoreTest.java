package dev.herald.adapter.memory;

import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreContract;

class InMemoryEventStoreTest extends EventStoreContract {

    private final InMemoryEventStore store = new InMemoryEventStore();

    @Override
    protected EventStore store() {
        return store;
    }
}
