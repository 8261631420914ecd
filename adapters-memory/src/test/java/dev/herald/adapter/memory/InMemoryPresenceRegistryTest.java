package dev.herald.adapter.memory;

import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.PresenceRegistryContract;

/** The in-memory registry holds every instance of the process in one object. */
class InMemoryPresenceRegistryTest extends PresenceRegistryContract {

    private final InMemoryPresenceRegistry registry = new InMemoryPresenceRegistry(clock, TTL);

    @Override
    protected PresenceRegistry newInstanceRegistry() {
        return registry;
    }
}
