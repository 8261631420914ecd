package dev.herald.domain.presence;

import dev.herald.domain.job.JobId;

import java.util.Objects;

/**
 * A member of one channel, held by one instance. {@code version} orders the changes the holding
 * instance makes (it counts up per instance); a client lives on one instance, so two facts about
 * the same client and channel compare by version, whatever order they travelled in.
 */
public record Membership(JobId jobId, Member member, InstanceId instance, long version) {

    public Membership {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(instance, "instance");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
    }

    /** The same membership with a later version: the stamp of its end. */
    public Membership withVersion(long newVersion) {
        return new Membership(jobId, member, instance, newVersion);
    }

    MemberKey key() {
        return new MemberKey(jobId, member.clientId());
    }
}
