package dev.herald.application.service;

import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.JobEvent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Store, then forward: the event is durable (and has its seq) before anyone can see it live, so
 * a subscriber that misses the live copy always finds it in the store. Each job's events go to the
 * bus in seq order ({@link OrderedForwarding}), however many publish at once. A bus failure does
 * not fail the publish: the event is stored, this instance's subscribers get it at once, and
 * reconciliation delivers it elsewhere.
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
    private final OrderedForwarding forwarding;

    PublishEventService(EventStore store, EventBus bus, JobRooms rooms, Authenticator authenticator,
                        EventSizeLimit sizeLimit, Telemetry telemetry, Clock clock, TaskScheduler tasks) {
        this.store = store;
        this.bus = bus;
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.sizeLimit = sizeLimit;
        this.telemetry = telemetry;
        this.clock = clock;
        this.forwarding = new OrderedForwarding(this::forward, tasks);
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
            event = store.append(command.jobId(), command.eventType(), command.payload(), occurredAt,
                    forwarding::stored);
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Publish refused for job " + command.jobId()
                    + ": event store unavailable (" + e.getMessage() + ")");
            throw new RejectedException(ErrorCode.STORE_UNAVAILABLE, "The event store is unavailable; nothing was stored");
        }
        telemetry.eventPublished(event.jobId());
        forwarding.forwardThrough(event.jobId(), event.seq());
        return new PublishedEvent(event.jobId(), event.seq(), event.occurredAt());
    }

    /**
     * Publishes a batch of one job's events in order, in one go where the bus allows. When the bus
     * cannot take it, this instance's subscribers get the batch at once (any of it that did reach
     * the bus arrives twice, and a subscription drops what it holds already), the other instances'
     * by reconciliation.
     */
    private void forward(List<JobEvent> batch) {
        try {
            bus.publishAll(batch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Live publication failed for job " + batch.get(0).jobId()
                    + " seqs " + batch.get(0).seq() + ".." + batch.get(batch.size() - 1).seq() + " ("
                    + e.getMessage() + "); stored, delivered by reconciliation");
            for (JobEvent event : batch) {
                telemetry.busPublishFailed(event.jobId());
                // this instance's own subscribers need not wait for reconciliation
                rooms.deliverLocally(event);
            }
        }
    }
}
