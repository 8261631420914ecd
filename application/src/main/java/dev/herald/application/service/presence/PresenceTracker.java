package dev.herald.application.service.presence;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.PresenceUnavailableException;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceNotice;
import dev.herald.domain.presence.PresenceTtl;
import dev.herald.domain.presence.PresenceView;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This instance's side of presence, for channels in namespaces with {@code presence} or
 * {@code join-leave}: the members it holds (its connections subscribed to such channels), written
 * to the shared {@link PresenceRegistry} and announced to the other instances over the bus, and a
 * {@link PresenceView} of the channels it serves, from which its subscribers are told who joins and
 * who leaves.
 *
 * <p>Why writes queue: registry writes and bus notices leave in the order the changes were made
 * (one {@link SerialTasks} lane, off the subscribing thread: a Redis outage must not hold up a
 * subscribe), and a registry write always precedes its notice, so an instance that hears a notice
 * and then reads the registry finds the change there. Each {@link #refresh} renews this instance's
 * lease, writes its members again (so a registry that lost them, e.g. a restarted Redis, has them
 * back within a refresh interval), and compares each served channel with the registry, which
 * tells of lost notices and of instances that died.
 *
 * <p>Lock order: a client session's monitor, then this tracker's. Messages to clients are queued
 * under this tracker's monitor, so each client hears a channel's changes in the order they were
 * applied.
 */
public final class PresenceTracker {

    private static final System.Logger LOG = System.getLogger(PresenceTracker.class.getName());

    private final ChannelPolicy policy;
    private final PresenceRegistry registry;
    private final EventBus bus;
    private final ClientChannel channel;
    private final Clock clock;
    private final InstanceId instance;
    private final SerialTasks writes;

    /** This instance's members, by channel (insertion order: first joined first). */
    private final Map<JobId, Map<ClientId, Membership>> held = new HashMap<>();
    private final PresenceView view;
    /** Channels whose first snapshot has not been read yet: what it shows was there before anyone here joined. */
    private final Set<JobId> unprimed = new HashSet<>();
    /** Leaves the registry did not take: a refresh writes members back, but only these calls remove them. Write lane only. */
    private final List<Membership> unwrittenLeaves = new ArrayList<>();
    private long version;
    private boolean registryDown;

    public PresenceTracker(ChannelPolicy policy, PresenceRegistry registry, EventBus bus, ClientChannel channel,
                    TaskScheduler tasks, Clock clock, PresenceTtl ttl, InstanceId instance) {
        this.policy = policy;
        this.registry = registry;
        this.bus = bus;
        this.channel = channel;
        this.clock = clock;
        this.instance = instance;
        this.writes = new SerialTasks(tasks, "presence write");
        this.view = new PresenceView(ttl.duration());
        bus.addPresenceListener(this::onNotice);
        LOG.log(System.Logger.Level.INFO, "Presence: this instance is " + instance
                + " in the shared presence state");
    }

    InstanceId instance() {
        return instance;
    }

    /** Does the channel's namespace track its members? */
    boolean tracks(JobId jobId) {
        NamespaceOptions options = policy.optionsFor(jobId);
        return options.presence() || options.joinLeave();
    }

    /** A connection of this instance subscribed (not a resubscribe). Called under the session's monitor. */
    public void joined(ClientId client, Optional<String> user, JobId jobId) {
        if (!tracks(jobId)) {
            return;
        }
        Instant now = clock.instant();
        Membership membership;
        int here;
        boolean first;
        synchronized (this) {
            membership = new Membership(jobId, new Member(client, user, now), instance, ++version);
            Map<ClientId, Membership> members = held.computeIfAbsent(jobId, j -> new LinkedHashMap<>());
            first = members.isEmpty();
            members.put(client, membership);
            here = members.size();
            if (first) {
                unprimed.add(jobId);
            }
            view.apply(PresenceNotice.join(membership), now).ifPresent(this::announce);
        }
        PresenceNotice notice = PresenceNotice.join(membership);
        writes.submit(() -> {
            write(() -> registry.add(membership));
            tell(notice);
        });
        if (first) {
            // learn who was already there, without announcing them: they did not just join
            writes.submit(() -> reconcile(jobId));
        }
        LOG.log(System.Logger.Level.INFO, () -> "Presence: client " + client + " joined channel " + jobId
                + " (namespace " + policy.namespaceLabel(jobId) + "), " + here + " member(s) on this instance");
    }

    /** A connection of this instance unsubscribed or went away. Called under the session's monitor. */
    public void left(ClientId client, JobId jobId) {
        if (!tracks(jobId)) {
            return;
        }
        Instant now = clock.instant();
        Membership leave;
        int here;
        synchronized (this) {
            Map<ClientId, Membership> members = held.get(jobId);
            Membership joined = members == null ? null : members.remove(client);
            if (joined == null) {
                return;
            }
            leave = joined.withVersion(++version);
            here = members.size();
            view.apply(PresenceNotice.leave(leave), now).ifPresent(this::announce);
            if (members.isEmpty()) {
                held.remove(jobId);
                unprimed.remove(jobId);
                view.forget(jobId);
            }
        }
        PresenceNotice notice = PresenceNotice.leave(leave);
        writes.submit(() -> {
            if (!write(() -> registry.remove(leave))) {
                unwrittenLeaves.add(leave);
            }
            tell(notice);
        });
        LOG.log(System.Logger.Level.INFO, () -> "Presence: client " + client + " left channel " + jobId
                + " (namespace " + policy.namespaceLabel(jobId) + "), " + here + " member(s) on this instance");
    }

    /** A notice from any instance, on the bus's thread. This instance's own were applied when made. */
    void onNotice(PresenceNotice notice) {
        if (notice.membership().instance().equals(instance)) {
            return;
        }
        JobId jobId = notice.membership().jobId();
        synchronized (this) {
            if (held.containsKey(jobId)) {
                view.apply(notice, clock.instant()).ifPresent(this::announce);
            }
        }
    }

    /**
     * The channel's members on every instance: this instance's own as it holds them (its registry
     * writes may still be queued), the others' from the registry. While the registry is out of
     * reach, what this instance's view knows, or {@code STORE_UNAVAILABLE} when it serves no one in
     * the channel.
     */
    public List<Member> members(JobId jobId) {
        try {
            List<Member> members = new ArrayList<>();
            for (Membership membership : registry.members(jobId)) {
                if (!membership.instance().equals(instance)) {
                    members.add(membership.member());
                }
            }
            synchronized (this) {
                held.getOrDefault(jobId, Map.of()).values().forEach(m -> members.add(m.member()));
            }
            members.sort(Member.BY_ARRIVAL);
            return members;
        } catch (PresenceUnavailableException e) {
            synchronized (this) {
                if (held.containsKey(jobId)) {
                    LOG.log(System.Logger.Level.WARNING, () -> "Presence of channel " + jobId
                            + " answered from this instance's view: the presence registry is unreachable ("
                            + e.getMessage() + ")");
                    return view.members(jobId);
                }
            }
            throw new RejectedException(ErrorCode.STORE_UNAVAILABLE,
                    "Presence is unavailable: the shared presence state cannot be reached; retry shortly");
        }
    }

    /**
     * Renews this instance's lease and rewrites its members (queued behind the writes before it, so
     * it never brings back a member whose leave is still queued), then compares each channel served
     * here with the registry and tells subscribers what differed.
     */
    public void refresh() {
        writes.submit(() -> {
            unwrittenLeaves.removeIf(leave -> write(() -> registry.remove(leave)));
            List<Membership> all = new ArrayList<>();
            synchronized (this) {
                held.values().forEach(members -> all.addAll(members.values()));
            }
            write(() -> registry.refresh(instance, all));
        });
        Set<JobId> served;
        synchronized (this) {
            served = Set.copyOf(held.keySet());
        }
        served.forEach(this::reconcile);
    }

    private void reconcile(JobId jobId) {
        Instant readStarted = clock.instant();
        List<Membership> others;
        try {
            others = registry.members(jobId).stream().filter(m -> !m.instance().equals(instance)).toList();
        } catch (PresenceUnavailableException e) {
            registryUnavailable(e);
            return;
        }
        synchronized (this) {
            Map<ClientId, Membership> mine = held.get(jobId);
            if (mine == null) {
                return;
            }
            List<Membership> snapshot = new ArrayList<>(others);
            snapshot.addAll(mine.values());
            List<PresenceNotice> changes = view.reconcile(jobId, snapshot, readStarted, clock.instant());
            if (unprimed.remove(jobId)) {
                return;
            }
            for (PresenceNotice change : changes) {
                if (change.kind() == PresenceNotice.Kind.LEAVE) {
                    LOG.log(System.Logger.Level.INFO, () -> "Presence: client " + change.membership().member().clientId()
                            + " of instance " + change.membership().instance() + " is no longer in channel " + jobId
                            + " (namespace " + policy.namespaceLabel(jobId) + "): its leave was lost or its instance"
                            + " stopped renewing");
                }
                announce(change);
            }
        }
    }

    /** Members this instance holds, and the channels they are in (for gauges). */
    public synchronized int heldMembers() {
        int count = 0;
        for (Map<ClientId, Membership> members : held.values()) {
            count += members.size();
        }
        return count;
    }

    public synchronized int heldChannels() {
        return held.size();
    }

    /** Caller holds this tracker's monitor. */
    private void announce(PresenceNotice change) {
        JobId jobId = change.membership().jobId();
        if (!policy.optionsFor(jobId).joinLeave()) {
            return;
        }
        Member member = change.membership().member();
        ServerMessage message = new ServerMessage.MemberChanged(change.kind(), jobId, member);
        for (ClientId local : held.getOrDefault(jobId, Map.of()).keySet()) {
            if (!local.equals(member.clientId())) {
                channel.send(local, message);
            }
        }
    }

    private void tell(PresenceNotice notice) {
        try {
            bus.publishPresence(notice);
        } catch (EventBusUnavailableException e) {
            // the others learn it at their next refresh, from the registry
            LOG.log(System.Logger.Level.DEBUG, () -> "Presence notice for channel " + notice.membership().jobId()
                    + " not sent: " + e.getMessage());
        }
    }

    /** @return false when the registry did not take it */
    private boolean write(Runnable registryWrite) {
        try {
            registryWrite.run();
            registryReachable();
            return true;
        } catch (PresenceUnavailableException e) {
            registryUnavailable(e);
            return false;
        }
    }

    private void registryReachable() {
        boolean wasDown;
        synchronized (this) {
            wasDown = registryDown;
            registryDown = false;
        }
        if (wasDown) {
            LOG.log(System.Logger.Level.INFO, "Presence registry reachable again; this instance's members are"
                    + " written back at the next refresh");
        }
    }

    private void registryUnavailable(PresenceUnavailableException e) {
        boolean wasDown;
        synchronized (this) {
            wasDown = registryDown;
            registryDown = true;
        }
        if (!wasDown) {
            LOG.log(System.Logger.Level.WARNING, "Presence registry unreachable: " + e.getMessage()
                    + "; members of other instances may be stale until it is back");
        }
    }

    /** Every membership this instance holds (tests). */
    synchronized Collection<Membership> held() {
        List<Membership> all = new ArrayList<>();
        held.values().forEach(m -> all.addAll(m.values()));
        return all;
    }
}
