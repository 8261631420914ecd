package dev.herald.domain.operator;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One open connection as an operator sees it ({@code GET /api/admin/clients}).
 *
 * @param user     the token's {@code sub} (empty with auth off or a token without one)
 * @param address  the client's address after trusted-proxy resolution
 * @param instance the gateway instance that holds it
 */
public record ConnectionInfo(ClientId clientId, Optional<String> user, String address, Optional<String> origin,
                             Instant connectedAt, List<JobId> subscriptions, String instance) {

    public ConnectionInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(connectedAt, "connectedAt");
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(instance, "instance");
    }

    /** Whether it matches an operator's filter (empty: any). */
    public boolean matches(Optional<JobId> job, Optional<String> byUser) {
        return job.map(subscriptions::contains).orElse(true) && byUser.map(u -> user.equals(Optional.of(u))).orElse(true);
    }
}
