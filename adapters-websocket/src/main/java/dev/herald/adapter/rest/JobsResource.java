package dev.herald.adapter.rest;

import dev.herald.adapter.websocket.Bearer;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.JobId;
import jakarta.annotation.PostConstruct;
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
import java.util.Locale;

/** {@code /api/jobs/{jobId}}: publish events, read the snapshot, page through events. */
@ApplicationScoped
@Path("/jobs/{jobId}")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** Room for the JSON envelope and escapes around an event at the size limit. */
    private static final int ENVELOPE_SLACK = 4096;

    @Inject
    PublishEventUseCase publish;
    @Inject
    ReadJobSnapshotUseCase snapshots;
    @Inject
    ReadEventsPageUseCase pages;
    @Inject
    EventSizeLimit eventSizeLimit;

    private PublishRequestReader bodies;

    @PostConstruct
    void init() {
        int maxEvent = eventSizeLimit.maxBytes();
        bodies = new PublishRequestReader((int) Math.min(Integer.MAX_VALUE - 8L, 2L * maxEvent + ENVELOPE_SLACK));
    }

    @POST
    @Path("/events")
    public Response publish(@PathParam("jobId") String jobId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        JobId job = JobId.of(jobId);
        requireJson(contentType);
        PublishRequestReader.PublishBody request = bodies.read(body);
        PublishedEvent published = publish.publish(new PublishEventCommand(job, request.eventType(), request.payload(),
                Bearer.from(authorization)));
        URI location = URI.create("/api/jobs/" + job.value() + "/events?afterSeq=" + (published.seq() - 1) + "&limit=1");
        return Response.created(location).entity(JsonBodies.published(published)).build();
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

    /**
     * Only JSON is read. Besides catching mistakes early, this keeps a web page from publishing
     * through a visitor's browser: a cross-site request with a JSON content type needs a CORS
     * preflight, which the gateway never grants (while a form post, text or typeless body does not).
     */
    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "Content-Type must be application/json");
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "Content-Type must be application/json");
        }
    }
}
