package dev.herald.domain.operator;

import dev.herald.domain.auth.Grant;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The revocations in force, one per subject (the latest): an immutable value, replaced on change. */
public final class RevocationList {

    private static final RevocationList EMPTY = new RevocationList(Map.of());
    private final Map<String, Revocation> bySubject;

    private RevocationList(Map<String, Revocation> bySubject) {
        this.bySubject = Map.copyOf(bySubject);
    }

    public static RevocationList empty() {
        return EMPTY;
    }

    public static RevocationList of(Collection<Revocation> revocations) {
        RevocationList list = EMPTY;
        for (Revocation revocation : revocations) {
            list = list.with(revocation);
        }
        return list;
    }

    public RevocationList with(Revocation revocation) {
        Revocation current = bySubject.get(revocation.subject());
        Revocation kept = current == null ? revocation : current.later(revocation);
        if (kept == current) {
            return this;
        }
        Map<String, Revocation> next = new HashMap<>(bySubject);
        next.put(revocation.subject(), kept);
        return new RevocationList(next);
    }

    /** {@code REVOKED} when a revocation refuses the grant's token. */
    public Optional<Rejection> refusal(Grant grant) {
        if (grant.subject().isEmpty()) {
            return Optional.empty();
        }
        Revocation revocation = bySubject.get(grant.subject().get());
        if (revocation == null || !revocation.refuses(grant)) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(ErrorCode.REVOKED,
                "Access of this user was revoked; a token issued after the revocation is needed"));
    }

    public List<Revocation> all() {
        return List.copyOf(bySubject.values());
    }

    public int size() {
        return bySubject.size();
    }
}
