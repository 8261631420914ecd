package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.in.PublishedEvent;
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

import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/jobs/{jobId}/events} and {@code .../events/batch} as plain calls: the request's
 * parts in, the answer out. Both routes to them use it: {@link PublishFastPathFilter}, which answers
 * the usual publish without JAX-RS, and {@link JobsResource}, which answers the rest.
 * Throws {@link RejectedException} with the contract code for whatever it refuses.
 */
@ApplicationScoped
public class PublishRequests {

    /** Room for the JSON envelope and escapes around an event at the size limit. */
    private static final int ENVELOPE_SLACK = 4096;

    @Inject
    PublishEventUseCase publish;
    @Inject
    PublishBatchUseCase publishBatch;
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

    /** One event. The headers as sent (null when absent), the job as decoded from the path. */
    public PublishReply one(String jobId, String contentType, String authorization, String idempotencyKey,
                            InputStream body) {
        JobId job = JobId.of(jobId);
        requireJson(contentType);
        Optional<IdempotencyKey> key = key(idempotencyKey);
        NewEvent event = eventBodies.readEvent(body);
        PublishedEvent published = publish.publish(new PublishEventCommand(job, event.eventType(), event.payload(),
                Bearer.from(authorization), key));
        String reply = JsonBodies.published(published);
        if (published.replayed()) {
            return PublishReply.replayed(reply);
        }
        if (!published.stored()) {
            // an ephemeral channel: relayed to its current subscribers, nothing to point at
            return new PublishReply(202, reply, null, false);
        }
        return PublishReply.created(reply, eventsPage(job, published.seq() - 1, 1));
    }

    /** A batch, stored all or none. */
    public PublishReply batch(String jobId, String contentType, String authorization, String idempotencyKey,
                              InputStream body) {
        JobId job = JobId.of(jobId);
        requireJson(contentType);
        Optional<IdempotencyKey> key = key(idempotencyKey);
        PublishedBatch published = publishBatch.publishBatch(new PublishBatchCommand(job, batchBodies.readBatch(body),
                Bearer.from(authorization), key));
        String reply = JsonBodies.published(published);
        if (published.replayed()) {
            return PublishReply.replayed(reply);
        }
        return PublishReply.created(reply, eventsPage(job, published.firstSeq() - 1, published.count()));
    }

    /** Where the stored events are read back, relative to the API's base ({@code /api/}). */
    private static String eventsPage(JobId job, long afterSeq, int limit) {
        return "jobs/" + job.value() + "/events?afterSeq=" + afterSeq + "&limit=" + limit;
    }

    private static Optional<IdempotencyKey> key(String header) {
        return header == null ? Optional.empty() : Optional.of(IdempotencyKey.of(header.trim()));
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
