package dev.herald.application.service.presence;

import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/** Which channels answer who is there. */
public final class PresenceRules {

    private PresenceRules() {
    }

    /** {@code BAD_REQUEST} when the channel's namespace does not track presence. */
    public static Optional<Rejection> check(ChannelPolicy policy, JobId jobId) {
        if (policy.optionsFor(jobId).presence()) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(ErrorCode.BAD_REQUEST, "Channel " + jobId + " is in namespace "
                + policy.namespaceLabel(jobId) + ", which has no presence"));
    }
}
