package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.in.ReadPresenceUseCase;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.net.URI;

/**
 * {@code /api/jobs/{jobId}}: publish events (one or a batch), read the snapshot, page through events.
 * A usual publish is answered before JAX-RS by {@link PublishFastPathFilter}; the publish methods
 * here answer the others (an {@code Accept} to negotiate, matrix parameters), through the same
 * {@link PublishRequests}.
 */
@ApplicationScoped
@Path("/jobs/{jobId}")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    PublishRequests publishing;
    @Inject
    ReadJobSnapshotUseCase snapshots;
    @Inject
    ReadEventsPageUseCase pages;
    @Inject
    ReadPresenceUseCase presence;

    @POST
    @Path("/events")
    public Response publish(@PathParam("jobId") String jobId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, InputStream body) {
        return response(publishing.one(jobId, contentType, authorization, idempotencyKey, body));
    }

    @POST
    @Path("/events/batch")
    public Response publishBatch(@PathParam("jobId") String jobId,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, InputStream body) {
        return response(publishing.batch(jobId, contentType, authorization, idempotencyKey, body));
    }

    /** A relative location is resolved by JAX-RS against the application's base URI ({@code /api/}). */
    private static Response response(PublishReply reply) {
        Response.ResponseBuilder response = Response.status(reply.status()).entity(reply.body());
        if (reply.location() != null) {
            response.location(URI.create(reply.location()));
        }
        if (reply.replayed()) {
            response.header(PublishReply.IDEMPOTENT_REPLAYED, "true");
        }
        return response.build();
    }

    @GET
    public Response snapshot(@PathParam("jobId") String jobId,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        JobId job = JobId.of(jobId);
        return snapshots.snapshot(job, Bearer.from(authorization))
                .map(snapshot -> Response.ok(JsonBodies.snapshot(snapshot)).build())
                .orElseThrow(() -> new RejectedException(ErrorCode.NOT_FOUND, "Job " + job + " has no events"));
    }

    @GET
    @Path("/events")
    public Response events(@PathParam("jobId") String jobId, @QueryParam("afterSeq") String afterSeq,
                           @QueryParam("limit") String limit,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        EventsPage page = pages.page(new EventsPageQuery(JobId.of(jobId), number("afterSeq", afterSeq, 0),
                (int) Math.min(Integer.MAX_VALUE, number("limit", limit, EventsPageQuery.DEFAULT_LIMIT)),
                Bearer.from(authorization)));
        return Response.ok(JsonBodies.page(page)).build();
    }

    /** Who is subscribed to the channel, on every instance (namespaces with presence). */
    @GET
    @Path("/presence")
    public Response presence(@PathParam("jobId") String jobId,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        // members come and go: a cached answer would be wrong at once
        return Response.ok(JsonBodies.presence(presence.read(JobId.of(jobId), Bearer.from(authorization))))
                .header("Cache-Control", "no-store").build();
    }

    private static long number(String name, String value, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, name + " must be an integer");
        }
    }
}
