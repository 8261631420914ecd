package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.application.port.in.CloseConnectionUseCase;
import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.in.ListConnectionsUseCase;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * {@code /api/admin/clients}: the connections of every instance, and closing one of them wherever
 * it is. Behind the admin guard ({@link AdminGuardFilter}).
 */
@ApplicationScoped
@Path("/admin/clients")
public class AdminClientsResource {

    private static final int MAX_ID_LENGTH = 128;

    @Inject
    ListConnectionsUseCase connections;

    @Inject
    CloseConnectionUseCase close;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("jobId") String jobId, @QueryParam("user") String user) {
        ClusterConnections listed = connections.list(OperatorBodies.jobFilter(jobId),
                Optional.ofNullable(user).filter(u -> !u.isEmpty()));
        StringBuilder out = new StringBuilder("{");
        OperatorBodies.appendConnections(out, "clients", listed);
        return Response.ok(out.append('}').toString()).header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response disconnect(@PathParam("clientId") String clientId) {
        if (clientId.isBlank() || clientId.length() > MAX_ID_LENGTH) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "A client id is 1 to " + MAX_ID_LENGTH + " characters");
        }
        ClusterConnections closed = close.close(ClientId.of(clientId));
        if (closed.connections().isEmpty()) {
            StringBuilder message = new StringBuilder("No connection ");
            message.append(clientId).append(" on the ").append(closed.instances().size()).append(" instance(s) that answered");
            throw new RejectedException(ErrorCode.NOT_FOUND, message.toString());
        }
        StringBuilder out = new StringBuilder("{\"clientId\":");
        JsonText.appendString(out, clientId);
        out.append(",\"closed\":true,");
        OperatorBodies.appendConnections(out, "connections", closed);
        return Response.ok(out.append('}').toString()).build();
    }
}
