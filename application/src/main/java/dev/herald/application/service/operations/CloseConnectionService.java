package dev.herald.application.service.operations;

import dev.herald.application.port.in.CloseConnectionUseCase;
import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.domain.client.ClientId;

public final class CloseConnectionService implements CloseConnectionUseCase {

    private static final System.Logger LOG = System.getLogger(CloseConnectionService.class.getName());

    private final ClusterRequests cluster;

    public CloseConnectionService(ClusterRequests cluster) {
        this.cluster = cluster;
    }

    @Override
    public ClusterConnections close(ClientId clientId) {
        // client ids are unique: the first instance that closed it ends the wait
        ClusterConnections closed = cluster.ask(new ControlMessage.DisconnectClient(ClusterRequests.newRequestId(),
                clientId), replies -> replies.stream().anyMatch(r -> !r.connections().isEmpty()));
        LOG.log(System.Logger.Level.INFO, () -> "Operator: disconnect of client " + clientId + " asked; "
                + (closed.connections().isEmpty() ? "no instance of " + closed.instances().size() + " held it"
                : "closed on instance " + closed.connections().get(0).instance()));
        return closed;
    }
}
