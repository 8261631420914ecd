package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

import java.util.Optional;

/** {@code GET /api/admin/clients}: the open connections on every instance. Behind the admin guard. */
public interface ListConnectionsUseCase {

    /** @param job only connections subscribed to it; @param user only connections of this token {@code sub} */
    ClusterConnections list(Optional<JobId> job, Optional<String> user);
}
