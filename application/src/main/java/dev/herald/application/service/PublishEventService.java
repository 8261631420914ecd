package dev.herald.application.service;

import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.JobEvent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Store, then forward: the event is durable (and has its seq) before anyone can see it live, so
 * a subscriber that misses the live copy always finds it in the store. A bus failure does not fail
 * the publish: the event is stored, and reconciliation delivers it.
 */
public final class PublishEventService implements PublishEventUseCase {

    private static final System.Logger LOG = System.getLogger(PublishEventService.class.getName());

    private final EventStore store;
    private final EventBus bus;
    private final JobRooms rooms;
    private final Authenticator authenticator;
    private final EventSizeLimit sizeLimit;
    private final Telemetry telemetry;
    private final Clock clock;

    PublishEventService(EventStore store, EventBus bus, JobRooms rooms, Authenticator authenticator,
                        EventSizeLimit sizeLimit, Telemetry telemetry, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public PublishedEvent publish(PublishEventCommand command) {
        // rejections are counted by the edge that answers the caller
        authenticator.authorize(command.credentials(), Scope.PUBLISH, command.jobId(), clock.instant());
        sizeLimit.check(command.eventType(), command.payload());
        JobEvent event;
        try {
            // milliseconds: what the wire format and the stores carry, so a stored event reads back equal
            Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            event = store.append(command.jobId(), command.eventType(), command.payload(), occurredAt);
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Publish refused for job " + command.jobId()
                    + ": event store unavailable (" + e.getMessage() + ")");
            throw new RejectedException(ErrorCode.STORE_UNAVAILABLE, "The event store is unavailable; nothing was stored");
        }
        telemetry.eventPublished(event.jobId());
        forward(event);
        return new PublishedEvent(event.jobId(), event.seq(), event.occurredAt());
    }

    private void forward(JobEvent event) {
        try {
            bus.publish(event);
        } catch (RuntimeException e) {
            telemetry.busPublishFailed(event.jobId());
            LOG.log(System.Logger.Level.WARNING, "Live publication failed for job " + event.jobId() + " seq "
                    + event.seq() + " (" + e.getMessage() + "); stored, delivered by reconciliation");
            // this instance's own subscribers need not wait for reconciliation
            rooms.deliverLocally(event);
        }
    }
}
