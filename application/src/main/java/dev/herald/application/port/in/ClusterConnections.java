package dev.herald.application.port.in;

import dev.herald.domain.operator.ConnectionInfo;

import java.util.List;

/**
 * Connections gathered from the instances of a cluster, and which instances answered (an instance
 * that did not answer within the wait is missing from both).
 */
public record ClusterConnections(List<ConnectionInfo> connections, List<String> instances) {

    public ClusterConnections {
        connections = List.copyOf(connections);
        instances = List.copyOf(instances);
    }
}
