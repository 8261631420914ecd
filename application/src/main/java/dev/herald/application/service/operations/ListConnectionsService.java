package dev.herald.application.service.operations;

import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.in.ListConnectionsUseCase;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.domain.job.JobId;

import java.util.Optional;

public final class ListConnectionsService implements ListConnectionsUseCase {

    private final ClusterRequests cluster;

    public ListConnectionsService(ClusterRequests cluster) {
        this.cluster = cluster;
    }

    @Override
    public ClusterConnections list(Optional<JobId> job, Optional<String> user) {
        return cluster.ask(new ControlMessage.ListClients(ClusterRequests.newRequestId(), job, user), replies -> false);
    }
}
