package dev.herald.adapter.memory;

import dev.herald.application.port.out.RevocationStore;
import dev.herald.domain.operator.Revocation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revocations for the in-memory store: as long-lived as its events (until the server stops). */
public final class InMemoryRevocationStore implements RevocationStore {

    private final Map<String, Revocation> bySubject = new ConcurrentHashMap<>();

    @Override
    public void record(Revocation revocation) {
        bySubject.merge(revocation.subject(), revocation, Revocation::later);
    }

    @Override
    public List<Revocation> all() {
        return List.copyOf(bySubject.values());
    }
}
