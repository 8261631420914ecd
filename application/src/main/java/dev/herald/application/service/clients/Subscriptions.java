package dev.herald.application.service.clients;

import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.delivery.ChannelSubscription;
import dev.herald.application.service.delivery.DeliveryContext;
import dev.herald.application.service.delivery.JobRooms;
import dev.herald.application.service.delivery.LiveSubscription;
import dev.herald.application.service.delivery.RelaySubscription;
import dev.herald.application.service.presence.PresenceTracker;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.client.SubscriptionCap;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.List;
import java.util.Optional;

/**
 * Opens and closes subscriptions, keeping a client's session and the rooms in step. Session
 * changes happen under the session's monitor, so a disconnect racing a subscribe cannot leave a
 * subscription behind in a room. A durable channel's subscription catches up from the store; an
 * ephemeral channel's only relays live events, and its first member on this instance creates the
 * channel here (counted against the creator's address).
 */
public final class Subscriptions {

    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    private final JobRooms rooms;
    private final DeliveryContext ctx;
    private final SubscriptionCap cap;
    private final ChannelPolicy policy;
    private final AddressWindows creations;
    private final Telemetry telemetry;
    private final PresenceTracker presence;

    public Subscriptions(JobRooms rooms, DeliveryContext ctx, Telemetry telemetry, PresenceTracker presence) {
        this.rooms = rooms;
        this.presence = presence;
        this.ctx = ctx;
        this.cap = ctx.settings().subscriptionCap();
        this.policy = ctx.settings().channelPolicy();
        this.creations = new AddressWindows(policy.creationLimit());
        this.telemetry = telemetry;
    }

    /**
     * Subscribes, replacing the cursor when the job is already held. The new subscription is in
     * its room (registered for live events) before its catch-up starts.
     */
    Optional<Rejection> open(ClientSession session, JobId jobId, long afterSeq, Optional<String> requestId) {
        boolean ephemeral = policy.optionsFor(jobId).ephemeral();
        ChannelSubscription fresh = ephemeral
                ? new RelaySubscription(ctx.channel(), telemetry, session.id(), jobId, requestId,
                        ctx.settings().liveHoldLimit())
                : new LiveSubscription(ctx, session.id(), jobId, afterSeq, requestId,
                        abandoned -> abandon(session, abandoned));
        ChannelSubscription replaced;
        boolean created = false;
        synchronized (session) {
            if (session.isClosed()) {
                return Optional.empty();
            }
            replaced = session.subscription(jobId);
            Optional<Rejection> capped = cap.check(session.subscriptionCount(), replaced != null);
            if (capped.isPresent()) {
                return capped;
            }
            if (ephemeral && replaced == null && !rooms.hasRelayMembers(jobId)) {
                Optional<Rejection> tooMany = creations.record(session.address(), ctx.clock().instant());
                if (tooMany.isPresent()) {
                    String namespace = policy.namespaceLabel(jobId);
                    telemetry.channelCreationRefused(namespace);
                    LOG.log(System.Logger.Level.INFO, () -> "Channel creation refused: namespace " + namespace
                            + " channel " + jobId + " client " + session.id() + " (address over "
                            + policy.creationLimit().maxPerWindow() + " new channels per minute)");
                    return tooMany;
                }
            }
            if (replaced != null) {
                replaced.close();
                leave(replaced);
            }
            session.put(fresh);
            created = join(fresh);
            if (replaced == null) {
                presence.joined(session.id(), session.grant().subject(), jobId);
            }
        }
        if (replaced == null) {
            telemetry.subscriptionOpened(jobId);
        }
        if (created) {
            LOG.log(System.Logger.Level.INFO, () -> "Ephemeral channel opened on this instance: namespace "
                    + policy.namespaceLabel(jobId) + " channel " + jobId + " client " + session.id());
        }
        LOG.log(System.Logger.Level.INFO, () -> (replaced == null ? "Subscriber added" : "Subscriber resumed")
                + " for job " + jobId + " client " + session.id() + (ephemeral ? " (ephemeral)" : " afterSeq " + afterSeq));
        fresh.start();
        return Optional.empty();
    }

    /** @return true when the client held the job */
    boolean close(ClientSession session, JobId jobId) {
        ChannelSubscription removed;
        synchronized (session) {
            removed = session.remove(jobId);
            if (removed != null) {
                removed.close();
                leave(removed);
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
        List<ChannelSubscription> held;
        synchronized (session) {
            held = session.closeAll();
            for (ChannelSubscription subscription : held) {
                subscription.close();
                leave(subscription);
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

    /** @return true when the member opened an ephemeral channel's room on this instance */
    private boolean join(ChannelSubscription subscription) {
        if (subscription instanceof RelaySubscription relay) {
            return rooms.join(relay);
        }
        rooms.join((LiveSubscription) subscription);
        return false;
    }

    private void leave(ChannelSubscription subscription) {
        if (subscription instanceof RelaySubscription relay) {
            if (rooms.leave(relay)) {
                LOG.log(System.Logger.Level.INFO, () -> "Ephemeral channel closed on this instance (no member left):"
                        + " namespace " + policy.namespaceLabel(relay.jobId()) + " channel " + relay.jobId());
            }
        } else {
            rooms.leave((LiveSubscription) subscription);
        }
    }
}
