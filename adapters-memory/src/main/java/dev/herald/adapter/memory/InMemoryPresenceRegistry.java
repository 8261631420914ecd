package dev.herald.adapter.memory;

import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceLedger;
import dev.herald.domain.presence.PresenceTtl;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Presence in this process's memory: the single-node mode (one instance, nothing to share), and
 * every instance of a test that runs several in one process. The leases work as the Redis
 * registry's do, on the clock given.
 */
public final class InMemoryPresenceRegistry implements PresenceRegistry {

    private final Clock clock;
    private final PresenceLedger ledger;

    public InMemoryPresenceRegistry(Clock clock, PresenceTtl ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = new PresenceLedger(ttl);
    }

    @Override
    public synchronized void add(Membership membership) {
        ledger.join(membership, clock.instant());
    }

    @Override
    public synchronized void remove(Membership leave) {
        ledger.leave(leave, clock.instant());
    }

    @Override
    public synchronized List<Membership> members(JobId jobId) {
        return ledger.members(jobId, clock.instant());
    }

    /** Also drops the members of instances whose lease ended, so that memory does not grow with dead instances. */
    @Override
    public synchronized void refresh(InstanceId instance, Collection<Membership> held) {
        ledger.expire(clock.instant());
        ledger.renew(instance, clock.instant());
        for (Membership membership : held) {
            ledger.join(membership, clock.instant());
        }
    }
}
