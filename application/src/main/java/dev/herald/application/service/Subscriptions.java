package dev.herald.application.service;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.SubscriptionCap;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.List;
import java.util.Optional;

/**
 * Opens and closes subscriptions, keeping a client's session and the job rooms in step. Session
 * changes happen under the session's monitor, so a disconnect racing a subscribe cannot leave a
 * subscription behind in a room.
 */
final class Subscriptions {

    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    private final JobRooms rooms;
    private final DeliveryContext ctx;
    private final SubscriptionCap cap;
    private final Telemetry telemetry;
    private final PresenceTracker presence;

    Subscriptions(JobRooms rooms, DeliveryContext ctx, Telemetry telemetry, PresenceTracker presence) {
        this.rooms = rooms;
        this.presence = presence;
        this.ctx = ctx;
        this.cap = ctx.settings().subscriptionCap();
        this.telemetry = telemetry;
    }

    /**
     * Subscribes, replacing the cursor when the job is already held. The new subscription is in
     * its room (registered for live events) before its catch-up starts.
     */
    Optional<Rejection> open(ClientSession session, JobId jobId, long afterSeq, Optional<String> requestId) {
        LiveSubscription fresh = new LiveSubscription(ctx, session.id(), jobId, afterSeq, requestId,
                abandoned -> abandon(session, abandoned));
        LiveSubscription replaced;
        synchronized (session) {
            if (session.isClosed()) {
                return Optional.empty();
            }
            replaced = session.subscription(jobId);
            Optional<Rejection> capped = cap.check(session.subscriptionCount(), replaced != null);
            if (capped.isPresent()) {
                return capped;
            }
            if (replaced != null) {
                replaced.close();
                rooms.leave(replaced);
            }
            session.put(fresh);
            rooms.join(fresh);
            if (replaced == null) {
                presence.joined(session.id(), session.grant().subject(), jobId);
            }
        }
        if (replaced == null) {
            telemetry.subscriptionOpened(jobId);
        }
        LOG.log(System.Logger.Level.INFO, () -> (replaced == null ? "Subscriber added" : "Subscriber resumed")
                + " for job " + jobId + " client " + session.id() + " afterSeq " + afterSeq);
        fresh.start();
        return Optional.empty();
    }

    /** @return true when the client held the job */
    boolean close(ClientSession session, JobId jobId) {
        LiveSubscription removed;
        synchronized (session) {
            removed = session.remove(jobId);
            if (removed != null) {
                removed.close();
                rooms.leave(removed);
                presence.left(session.id(), jobId);
            }
        }
        if (removed != null) {
            telemetry.subscriptionClosed(jobId);
            LOG.log(System.Logger.Level.INFO, () -> "Subscriber removed for job " + jobId + " client " + session.id());
        }
        return removed != null;
    }

    void closeAll(ClientSession session) {
        List<LiveSubscription> held;
        synchronized (session) {
            held = session.closeAll();
            for (LiveSubscription subscription : held) {
                subscription.close();
                rooms.leave(subscription);
                presence.left(session.id(), subscription.jobId());
            }
        }
        held.forEach(s -> telemetry.subscriptionClosed(s.jobId()));
    }

    private void abandon(ClientSession session, LiveSubscription subscription) {
        boolean removed;
        synchronized (session) {
            removed = session.removeIfCurrent(subscription);
            rooms.leave(subscription);
            if (removed) {
                presence.left(session.id(), subscription.jobId());
            }
        }
        if (removed) {
            telemetry.subscriptionClosed(subscription.jobId());
        }
    }
}
