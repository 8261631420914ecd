package dev.herald.application.service.operations;

import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.service.auth.Revocations;
import dev.herald.application.service.clients.ClientRegistry;
import dev.herald.application.service.clients.ClientReplies;
import dev.herald.application.service.clients.ClientSession;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.operator.ConnectionInfo;
import dev.herald.domain.operator.Revocation;
import dev.herald.domain.presence.InstanceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This instance's answer to an operator's request, whichever instance it came from: lists its
 * connections, or closes the ones the request names, and says which.
 */
public final class OperatorRequests {

    private static final System.Logger LOG = System.getLogger(OperatorRequests.class.getName());
    static final Rejection DISCONNECTED = Rejection.of(ErrorCode.DISCONNECTED, "An operator closed this connection");

    private final ClientRegistry clients;
    private final ClientReplies replies;
    private final Revocations revocations;
    private final String instance;

    public OperatorRequests(ClientRegistry clients, ClientReplies replies, Revocations revocations, InstanceId instance) {
        this.clients = clients;
        this.replies = replies;
        this.revocations = revocations;
        this.instance = instance.value();
    }

    String instance() {
        return instance;
    }

    ControlMessage.Reply answer(ControlMessage.Request request) {
        List<ConnectionInfo> connections;
        if (request instanceof ControlMessage.ListClients list) {
            connections = clients.all().stream().map(this::info).filter(c -> c.matches(list.job(), list.user())).toList();
        } else if (request instanceof ControlMessage.DisconnectClient disconnect) {
            connections = clients.find(disconnect.clientId())
                    .map(session -> List.of(close(session, DISCONNECTED, "disconnected by an operator")))
                    .orElse(List.of());
        } else if (request instanceof ControlMessage.RevokeUser revoke) {
            connections = enforce(revoke.revocation());
        } else {
            throw new IllegalArgumentException("unknown request " + request.getClass().getSimpleName());
        }
        return new ControlMessage.Reply(request.requestId(), instance, connections);
    }

    /** Adopts the revocation and closes this instance's connections it refuses. */
    public List<ConnectionInfo> enforce(Revocation revocation) {
        revocations.adopt(revocation);
        List<ConnectionInfo> closed = new ArrayList<>();
        for (ClientSession session : clients.all()) {
            Optional<Rejection> refused = revocations.refusal(session.grant());
            if (refused.isPresent() && revocation.refuses(session.grant())) {
                closed.add(close(session, refused.get(), "its user " + revocation.subject() + " was revoked"));
            }
        }
        LOG.log(System.Logger.Level.INFO, "Revocation of user " + revocation.subject() + " (tokens issued up to "
                + revocation.revokedAt() + ") in force; " + closed.size() + " connection(s) closed on this instance");
        return closed;
    }

    private ConnectionInfo close(ClientSession session, Rejection rejection, String why) {
        ConnectionInfo info = info(session);
        LOG.log(System.Logger.Level.INFO, () -> "Operator: client " + session.id() + " of user " + session.subject()
                + " closed with " + rejection.code() + " (" + why + ")");
        replies.reject(session.id(), rejection, Optional.empty(), Optional.empty());
        return info;
    }

    private ConnectionInfo info(ClientSession session) {
        List<dev.herald.domain.job.JobId> jobs;
        synchronized (session) { // the subscriptions change under the session's lock
            jobs = session.jobs();
        }
        return new ConnectionInfo(session.id(), session.grant().subject(), session.address(), session.origin(),
                session.connectedAt(), jobs, instance);
    }
}
