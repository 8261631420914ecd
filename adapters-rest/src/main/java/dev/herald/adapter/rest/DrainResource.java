package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.DrainGatewayUseCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/realtime/drain}: the guaranteed way to stop an instance gracefully (for example
 * from a Kubernetes preStop hook). On a plain server stop, Liberty drops WebSocket connections
 * before applications can act, so the drain must come first. Readiness turns DOWN; clients get
 * {@code SHUTTING_DOWN} and close 1001, and reconnect elsewhere with their {@code afterSeq}.
 */
@ApplicationScoped
@Path("/realtime/drain")
public class DrainResource {

    @Inject
    DrainGatewayUseCase drain;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response drain(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        int open = drain.requestDrain(Bearer.from(authorization));
        return Response.accepted("{\"draining\":true,\"connections\":" + open + "}").build();
    }
}
