package dev.herald.domain.presence;

import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is in which channel across instances, when the instances share one memory (the in-memory
 * presence registry): each instance holds a lease that its writes and its refreshes renew; an
 * instance whose lease ran out (it stopped or died without a word) no longer counts, and its
 * members are dropped at the next {@link #expire}. Time comes in as a value. Not thread-safe.
 */
public final class PresenceLedger {

    private final PresenceTtl ttl;
    private final MemberTable table = new MemberTable();
    /** Instance to the end of its lease. */
    private final Map<InstanceId, Instant> leases = new HashMap<>();

    public PresenceLedger(PresenceTtl ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The instance is alive at {@code now}: its members count until {@code now + ttl}. */
    public void renew(InstanceId instance, Instant now) {
        leases.put(instance, now.plus(ttl.duration()));
    }

    /** @return true when the client was not a member of the channel before */
    public boolean join(Membership membership, Instant now) {
        renew(membership.instance(), now);
        return table.put(membership, now);
    }

    /** @return true when it ended a membership (false for a stale or repeated leave) */
    public boolean leave(Membership membership, Instant now) {
        renew(membership.instance(), now);
        table.pruneTombstones(now.minus(ttl.duration()));
        return table.remove(membership, now).isPresent();
    }

    /** Members of the channel whose instance is alive at {@code now}, first joined first. */
    public List<Membership> members(JobId jobId, Instant now) {
        List<Membership> members = new ArrayList<>();
        for (Membership membership : table.members(jobId)) {
            if (alive(membership.instance(), now)) {
                members.add(membership);
            }
        }
        members.sort((a, b) -> Member.BY_ARRIVAL.compare(a.member(), b.member()));
        return members;
    }

    /** Channels with at least one member of an instance alive at {@code now}. */
    public Set<JobId> channels(Instant now) {
        return table.channels().stream().filter(job -> !members(job, now).isEmpty()).collect(Collectors.toSet());
    }

    /** Drops every instance whose lease ended by {@code now}, with its members. @return the members dropped */
    public List<Membership> expire(Instant now) {
        List<Membership> dropped = new ArrayList<>();
        for (Iterator<Map.Entry<InstanceId, Instant>> it = leases.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InstanceId, Instant> lease = it.next();
            if (!lease.getValue().isAfter(now)) {
                dropped.addAll(table.dropInstance(lease.getKey()));
                it.remove();
            }
        }
        table.pruneTombstones(now.minus(ttl.duration()));
        return dropped;
    }

    private boolean alive(InstanceId instance, Instant now) {
        Instant end = leases.get(instance);
        return end != null && end.isAfter(now);
    }
}
