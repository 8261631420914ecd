package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.Member;

import java.util.List;
import java.util.Objects;

/** A channel's members on every instance, first joined first. */
public record ChannelPresence(JobId jobId, List<Member> members) {

    public ChannelPresence {
        Objects.requireNonNull(jobId, "jobId");
        members = List.copyOf(members);
    }
}
