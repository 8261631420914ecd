package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Members by channel, with the latest version known of each client in each channel. A leave
 * leaves a tombstone with its version, so that a join overtaken by its own leave (or delivered
 * twice) is recognised as stale and ignored. Not thread-safe: its owners lock.
 */
final class MemberTable {

    /** What is known of one client in one channel; {@code at} is when this table learned it. */
    private record Entry(Membership membership, boolean present, Instant at) {
    }

    private final Map<JobId, Map<ClientId, Entry>> byJob = new HashMap<>();

    /** Records a join. @return true when the client was not a member before (a change to announce) */
    boolean put(Membership membership, Instant now) {
        Optional<Entry> known = entry(membership.key());
        if (known.isPresent() && known.get().membership().version() >= membership.version()) {
            return false;
        }
        channel(membership.jobId()).put(membership.member().clientId(), new Entry(membership, true, now));
        return known.isEmpty() || !known.get().present();
    }

    /**
     * Records a leave. @return the membership that ended, when the client was a member at an older
     * version (a change to announce)
     */
    Optional<Membership> remove(Membership leave, Instant now) {
        Optional<Entry> known = entry(leave.key());
        if (known.isPresent() && known.get().membership().version() >= leave.version()) {
            return Optional.empty();
        }
        channel(leave.jobId()).put(leave.member().clientId(), new Entry(leave, false, now));
        return known.filter(Entry::present).map(Entry::membership);
    }

    /**
     * Ends a membership known here without a leave from its instance (the instance is gone, or its
     * leave was lost): the tombstone keeps its version, so only a newer join brings it back.
     */
    void evict(Membership membership, Instant now) {
        channel(membership.jobId()).put(membership.member().clientId(), new Entry(membership, false, now));
    }

    List<Membership> members(JobId jobId) {
        return present(jobId, e -> true);
    }

    /** Present members of the channel recorded before {@code cutoff}. */
    List<Membership> membersLearnedBefore(JobId jobId, Instant cutoff) {
        return present(jobId, e -> e.at().isBefore(cutoff));
    }

    private List<Membership> present(JobId jobId, Predicate<Entry> filter) {
        Map<ClientId, Entry> channel = byJob.get(jobId);
        if (channel == null) {
            return List.of();
        }
        List<Membership> members = new ArrayList<>();
        for (Entry entry : channel.values()) {
            if (entry.present() && filter.test(entry)) {
                members.add(entry.membership());
            }
        }
        return members;
    }

    /** Every membership held by {@code instance}, removed (tombstones too). */
    List<Membership> dropInstance(InstanceId instance) {
        List<Membership> dropped = new ArrayList<>();
        for (Iterator<Map<ClientId, Entry>> channels = byJob.values().iterator(); channels.hasNext(); ) {
            Map<ClientId, Entry> channel = channels.next();
            for (Iterator<Entry> entries = channel.values().iterator(); entries.hasNext(); ) {
                Entry entry = entries.next();
                if (entry.membership().instance().equals(instance)) {
                    if (entry.present()) {
                        dropped.add(entry.membership());
                    }
                    entries.remove();
                }
            }
            if (channel.isEmpty()) {
                channels.remove();
            }
        }
        return dropped;
    }

    void dropChannel(JobId jobId) {
        byJob.remove(jobId);
    }

    /** Forgets tombstones recorded before {@code cutoff}: a notice older than that is not expected any more. */
    void pruneTombstones(Instant cutoff) {
        for (Iterator<Map<ClientId, Entry>> channels = byJob.values().iterator(); channels.hasNext(); ) {
            Map<ClientId, Entry> channel = channels.next();
            channel.values().removeIf(e -> !e.present() && e.at().isBefore(cutoff));
            if (channel.isEmpty()) {
                channels.remove();
            }
        }
    }

    /** Channels with at least one present member. */
    Set<JobId> channels() {
        Set<JobId> channels = new java.util.HashSet<>();
        byJob.forEach((job, channel) -> {
            if (channel.values().stream().anyMatch(Entry::present)) {
                channels.add(job);
            }
        });
        return channels;
    }

    private Optional<Entry> entry(MemberKey key) {
        Map<ClientId, Entry> channel = byJob.get(key.jobId());
        return channel == null ? Optional.empty() : Optional.ofNullable(channel.get(key.clientId()));
    }

    private Map<ClientId, Entry> channel(JobId jobId) {
        return byJob.computeIfAbsent(jobId, j -> new HashMap<>());
    }
}
