package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.ReadGatewayMetricsUseCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/realtime/metrics}: the gateway's state as JSON, for operators and the load-test harness. */
@ApplicationScoped
@Path("/realtime/metrics")
public class RealtimeMetricsResource {

    @Inject
    ReadGatewayMetricsUseCase metrics;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response metrics(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Response.ok(JsonBodies.metrics(metrics.metrics(Bearer.from(authorization))))
                .header("Cache-Control", "no-store").build();
    }
}
