package dev.herald.application.testing;

import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.PresenceUnavailableException;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceLedger;
import dev.herald.domain.presence.PresenceTtl;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * A presence registry shared by the fixtures of one test, on a clock the test moves, that the test
 * can make unreachable.
 */
public final class TestPresenceRegistry implements PresenceRegistry {

    public static final PresenceTtl TTL = PresenceTtl.ofMillis(30_000);

    private final Clock clock;
    private final PresenceTtl ttl;
    private PresenceLedger ledger;
    private volatile boolean available = true;

    public TestPresenceRegistry(Clock clock, PresenceTtl ttl) {
        this.clock = clock;
        this.ttl = ttl;
        this.ledger = new PresenceLedger(ttl);
    }

    public PresenceTtl ttl() {
        return ttl;
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Forgets everything, as a restarted Redis does. */
    public synchronized void lose() {
        ledger = new PresenceLedger(ttl);
    }

    @Override
    public synchronized void add(Membership membership) {
        check();
        ledger.join(membership, clock.instant());
    }

    @Override
    public synchronized void remove(Membership leave) {
        check();
        ledger.leave(leave, clock.instant());
    }

    @Override
    public synchronized List<Membership> members(JobId jobId) {
        check();
        return ledger.members(jobId, clock.instant());
    }

    @Override
    public synchronized void refresh(InstanceId instance, Collection<Membership> held) {
        check();
        ledger.expire(clock.instant());
        ledger.renew(instance, clock.instant());
        held.forEach(m -> ledger.join(m, clock.instant()));
    }

    private void check() {
        if (!available) {
            throw new PresenceUnavailableException("scripted outage", null);
        }
    }
}
