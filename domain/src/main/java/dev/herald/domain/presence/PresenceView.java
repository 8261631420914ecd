package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One instance's view of the members of the channels its own clients follow, kept from two
 * sources that may each be late, repeated or incomplete: notices (from this instance and, over
 * the bus, from the others; at most once, possibly duplicated or reordered) and snapshots read
 * from the presence registry (which also reflect instances that died without a word). It answers
 * with the changes subscribers are to be told, each once: a repeated or overtaken notice changes
 * nothing; a member a snapshot lacks leaves; a member only a snapshot shows joins. Time comes in as
 * a value. Not thread-safe.
 */
public final class PresenceView {

    private final Duration tombstoneRetention;
    private final MemberTable table = new MemberTable();

    /** @param tombstoneRetention how long a leave is remembered to recognise a join it overtook */
    public PresenceView(Duration tombstoneRetention) {
        this.tombstoneRetention = Objects.requireNonNull(tombstoneRetention, "tombstoneRetention");
    }

    /** @return the notice, when it changes the members (else it was repeated or overtaken) */
    public Optional<PresenceNotice> apply(PresenceNotice notice, Instant now) {
        Membership membership = notice.membership();
        return switch (notice.kind()) {
            case JOIN -> table.put(membership, now) ? Optional.of(notice) : Optional.empty();
            case LEAVE -> {
                table.pruneTombstones(now.minus(tombstoneRetention));
                yield table.remove(membership, now).map(ended -> notice);
            }
        };
    }

    /**
     * Brings the channel in line with a snapshot of the registry whose read started at
     * {@code readStartedAt}. Members learned since then are kept even when the snapshot lacks them:
     * their notice may have overtaken the read.
     *
     * @return the changes, leaves first
     */
    public List<PresenceNotice> reconcile(JobId jobId, Collection<Membership> snapshot, Instant readStartedAt,
                                          Instant now) {
        Set<ClientId> inSnapshot = new HashSet<>();
        List<PresenceNotice> joins = new ArrayList<>();
        for (Membership membership : snapshot) {
            if (!membership.jobId().equals(jobId)) {
                throw new IllegalArgumentException("snapshot of " + jobId + " holds a member of " + membership.jobId());
            }
            inSnapshot.add(membership.member().clientId());
            if (table.put(membership, now)) {
                joins.add(PresenceNotice.join(membership));
            }
        }
        List<PresenceNotice> changes = new ArrayList<>();
        for (Membership known : table.membersLearnedBefore(jobId, readStartedAt)) {
            if (!inSnapshot.contains(known.member().clientId())) {
                table.evict(known, now);
                changes.add(PresenceNotice.leave(known));
            }
        }
        changes.addAll(joins);
        table.pruneTombstones(now.minus(tombstoneRetention));
        return changes;
    }

    /** Current members of the channel as this view knows them, first joined first. */
    public List<Member> members(JobId jobId) {
        return table.members(jobId).stream().map(Membership::member).sorted(Member.BY_ARRIVAL).toList();
    }

    /** Stops following the channel (no client of this instance follows it any more). */
    public void forget(JobId jobId) {
        table.dropChannel(jobId);
    }
}
