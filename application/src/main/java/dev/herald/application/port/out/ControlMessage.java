package dev.herald.application.port.out;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.ConnectionInfo;
import dev.herald.domain.operator.Maintenance;
import dev.herald.domain.operator.Revocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the instances of a cluster tell each other about the operator's controls. A request
 * carries an id; every instance answers it with a {@link Reply} of the same id, which only the
 * asking instance collects.
 */
public sealed interface ControlMessage {

    /** Maintenance mode was switched: every instance adopts {@code state}. */
    record MaintenanceChanged(Maintenance state) implements ControlMessage {
        public MaintenanceChanged {
            Objects.requireNonNull(state, "state");
        }
    }

    /** A request every instance answers. */
    sealed interface Request extends ControlMessage {
        String requestId();
    }

    /** List the connections that match (empty filters: all). */
    record ListClients(String requestId, Optional<JobId> job, Optional<String> user) implements Request {
        public ListClients {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(user, "user");
        }
    }

    /** Close this connection (error DISCONNECTED, close 4410) wherever it is. */
    record DisconnectClient(String requestId, ClientId clientId) implements Request {
        public DisconnectClient {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Adopt the revocation and close the connections it refuses (error REVOKED, close 4401). */
    record RevokeUser(String requestId, Revocation revocation) implements Request {
        public RevokeUser {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(revocation, "revocation");
        }
    }

    /** One instance's answer: the connections it listed or closed. */
    record Reply(String requestId, String instance, List<ConnectionInfo> connections) implements ControlMessage {
        public Reply {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(instance, "instance");
            connections = List.copyOf(connections);
        }
    }
}
