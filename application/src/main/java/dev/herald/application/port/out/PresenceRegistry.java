package dev.herald.application.port.out;

import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Membership;

import java.util.Collection;
import java.util.List;

/**
 * Who is subscribed to which channel, shared by every instance: each instance writes its own
 * members and renews its lease; a member counts while its instance's lease runs (so the members of
 * an instance that died without a word leave within the TTL). A change with a version not newer
 * than the one recorded for the same client and channel is ignored, so late writes cannot undo
 * later ones. Every call is bounded in time.
 */
public interface PresenceRegistry {

    /**
     * Records one of this instance's members (and renews the instance's lease).
     *
     * @throws PresenceUnavailableException when the shared state cannot be reached now
     */
    void add(Membership membership);

    /**
     * Records the end of a membership; {@code leave} carries the version of the leave.
     *
     * @throws PresenceUnavailableException when the shared state cannot be reached now
     */
    void remove(Membership leave);

    /**
     * Every member of the channel on every instance whose lease runs, first joined first.
     *
     * @throws PresenceUnavailableException when the shared state cannot be reached now
     */
    List<Membership> members(JobId jobId);

    /**
     * Renews the instance's lease and writes {@code held} again, every member it holds: what the
     * shared state lost (a Redis restart, an expiry while this instance was paused) comes back.
     *
     * @throws PresenceUnavailableException when the shared state cannot be reached now
     */
    void refresh(InstanceId instance, Collection<Membership> held);
}
