package dev.herald.application.service.publishing;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.IdempotencyKeyReusedException;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.application.service.delivery.JobRooms;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.PublishLimits;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Store, then forward, for every kind of publish: the events are durable (and have their seqs)
 * before anyone can see them live, so a subscriber that misses the live copy always finds them in
 * the store. Each job's events go to the bus in seq order ({@link OrderedForwarding}), however
 * many publish at once and whether singly or in batches (one instance of this per gateway). A bus
 * failure does not fail the publish: the events are stored, this instance's subscribers get them
 * at once, and reconciliation delivers them elsewhere.
 */
public final class StoreThenForward {

    private static final System.Logger LOG = System.getLogger(StoreThenForward.class.getName());

    private final EventStore store;
    private final EventBus bus;
    private final JobRooms rooms;
    private final Telemetry telemetry;
    private final Clock clock;
    private final PublishLimits limits;
    private final GatewayLifecycle lifecycle;
    private final OrderedForwarding forwarding;

    public StoreThenForward(EventStore store, EventBus bus, JobRooms rooms, Telemetry telemetry, Clock clock,
                     PublishLimits limits, TaskScheduler tasks, GatewayLifecycle lifecycle) {
        this.store = store;
        this.bus = bus;
        this.rooms = rooms;
        this.telemetry = telemetry;
        this.clock = clock;
        this.limits = limits;
        this.lifecycle = lifecycle;
        this.forwarding = new OrderedForwarding(this::forward, tasks);
    }

    /**
     * Stores the events (all or none) and forwards them; a repeated key stores and forwards nothing
     * and answers the first publish's seqs.
     *
     * @throws RejectedException {@code STORE_UNAVAILABLE} (nothing stored), {@code IDEMPOTENCY_KEY_REUSED} or
     *                           {@code MAINTENANCE}
     */
    AppendResult publish(JobId jobId, List<NewEvent> events, Optional<IdempotencyKey> key) {
        lifecycle.refusePublishInMaintenance(jobId);
        // milliseconds: what the wire format and the stores carry, so a stored event reads back equal
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<IdempotencyClaim> claim = key.map(k -> new IdempotencyClaim(k, PublishFingerprint.of(events),
                now.minus(limits.idempotencyWindow())));
        AppendResult result;
        try {
            result = store.appendAll(jobId, events, now, claim, forwarding::stored);
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Publish refused for job " + jobId
                    + ": event store unavailable (" + e.getMessage() + ")");
            throw new RejectedException(ErrorCode.STORE_UNAVAILABLE, "The event store is unavailable; nothing was stored");
        } catch (IdempotencyKeyReusedException e) {
            LOG.log(System.Logger.Level.INFO, "Publish refused for job " + jobId + ": Idempotency-Key "
                    + key.orElseThrow() + " reused with a different body");
            throw new RejectedException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for this job with a different body; nothing was stored");
        }
        if (result.replayed()) {
            telemetry.publishReplayed(jobId);
            return result;
        }
        telemetry.eventsPublished(jobId, result.count());
        forwarding.forwardThrough(jobId, result.lastSeq());
        return result;
    }

    /**
     * Publishes a run of one job's events in order, in one go where the bus allows. When the bus
     * cannot take it, this instance's subscribers get the run at once (any of it that did reach the
     * bus arrives twice, and a subscription drops what it holds already), the other instances' by
     * reconciliation.
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
