package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.in.ReadPresenceUseCase;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.PublishLimits;
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
import java.util.Optional;

/** {@code /api/jobs/{jobId}}: publish events (one or a batch), read the snapshot, page through events. */
@ApplicationScoped
@Path("/jobs/{jobId}")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** Room for the JSON envelope and escapes around an event at the size limit. */
    private static final int ENVELOPE_SLACK = 4096;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    @Inject
    PublishEventUseCase publish;
    @Inject
    ReadJobSnapshotUseCase snapshots;
    @Inject
    ReadEventsPageUseCase pages;
    @Inject
    PublishBatchUseCase publishBatch;
    @Inject
    ReadPresenceUseCase presence;
    @Inject
    EventSizeLimit eventSizeLimit;
    @Inject
    PublishLimits publishLimits;

    private PublishRequestReader eventBodies;
    private PublishRequestReader batchBodies;

    @PostConstruct
    void init() {
        int maxEvent = eventSizeLimit.maxBytes();
        eventBodies = new PublishRequestReader((int) Math.min(Integer.MAX_VALUE - 8L, 2L * maxEvent + ENVELOPE_SLACK));
        batchBodies = new PublishRequestReader(publishLimits.maxBatchBytes());
    }

    @POST
    @Path("/events")
    public Response publish(@PathParam("jobId") String jobId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, InputStream body) {
        JobId job = JobId.of(jobId);
        requireJson(contentType);
        Optional<IdempotencyKey> key = key(idempotencyKey);
        NewEvent event = eventBodies.readEvent(body);
        PublishedEvent published = publish.publish(new PublishEventCommand(job, event.eventType(), event.payload(),
                Bearer.from(authorization), key));
        String reply = JsonBodies.published(published);
        if (published.replayed()) {
            return replayed(reply);
        }
        if (!published.stored()) {
            // an ephemeral channel: relayed to its current subscribers, nothing to point at
            return Response.accepted(reply).build();
        }
        URI location = eventsPage(job, published.seq() - 1, 1);
        return Response.created(location).entity(reply).build();
    }

    @POST
    @Path("/events/batch")
    public Response publishBatch(@PathParam("jobId") String jobId,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, InputStream body) {
        JobId job = JobId.of(jobId);
        requireJson(contentType);
        Optional<IdempotencyKey> key = key(idempotencyKey);
        PublishedBatch published = publishBatch.publishBatch(new PublishBatchCommand(job, batchBodies.readBatch(body),
                Bearer.from(authorization), key));
        String reply = JsonBodies.published(published);
        if (published.replayed()) {
            return replayed(reply);
        }
        URI location = eventsPage(job, published.firstSeq() - 1, published.count());
        return Response.created(location).entity(reply).build();
    }

    /**
     * Where the stored events are read back. Relative to the application's base URI ({@code /api/}),
     * which JAX-RS resolves it against: a path starting with {@code /api} came out as {@code /api/api/...}.
     */
    private static URI eventsPage(JobId job, long afterSeq, int limit) {
        return URI.create("jobs/" + job.value() + "/events?afterSeq=" + afterSeq + "&limit=" + limit);
    }

    /** A repeated key: the first publish's answer, marked, with 200 since nothing was created now. */
    private static Response replayed(String reply) {
        return Response.ok(reply).header(IDEMPOTENT_REPLAYED, "true").build();
    }

    private static Optional<IdempotencyKey> key(String header) {
        return header == null ? Optional.empty() : Optional.of(IdempotencyKey.of(header.trim()));
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
