package dev.herald.application.service.auth;

import dev.herald.application.port.out.RevocationStore;
import dev.herald.domain.operator.Revocation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revocations kept by one core for its life only: what a core built without a store uses (tests). */
public final class UnsharedRevocationStore implements RevocationStore {

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
