package dev.herald.application.service.clients;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.ConnectionCaps;
import dev.herald.domain.client.ConnectionCounts;
import dev.herald.domain.error.Rejection;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connected clients of this instance, with the per-origin and per-address counts the caps
 * need. Admission checks and adds in one step, so concurrent connects cannot overshoot a cap.
 */
public final class ClientRegistry {

    private final Map<ClientId, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> byOrigin = new HashMap<>();
    private final Map<String, Integer> byAddress = new HashMap<>();

    synchronized Optional<Rejection> admit(ClientSession session, ConnectionCaps caps) {
        ConnectionCounts open = new ConnectionCounts(sessions.size(),
                byOrigin.getOrDefault(session.originKey(), 0), byAddress.getOrDefault(session.address(), 0));
        Optional<Rejection> rejection = caps.admit(open);
        if (rejection.isEmpty()) {
            sessions.put(session.id(), session);
            byOrigin.merge(session.originKey(), 1, Integer::sum);
            byAddress.merge(session.address(), 1, Integer::sum);
        }
        return rejection;
    }

    synchronized Optional<ClientSession> remove(ClientId id) {
        ClientSession session = sessions.remove(id);
        if (session == null) {
            return Optional.empty();
        }
        decrement(byOrigin, session.originKey());
        decrement(byAddress, session.address());
        return Optional.of(session);
    }

    public Optional<ClientSession> find(ClientId id) {
        return Optional.ofNullable(sessions.get(id));
    }

    public Collection<ClientSession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    public synchronized Map<String, Integer> connectionsByOrigin() {
        return Map.copyOf(byOrigin);
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
