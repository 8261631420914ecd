package dev.herald.application.service.presence;

import dev.herald.application.port.in.ChannelPresence;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.ReadPresenceUseCase;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** {@code GET /api/jobs/{jobId}/presence}: who may look is whoever may subscribe to the job, or an admin. */
public final class ReadPresenceService implements ReadPresenceUseCase {

    private final PresenceTracker presence;
    private final ChannelPolicy policy;
    private final Authenticator authenticator;
    private final Clock clock;

    public ReadPresenceService(PresenceTracker presence, ChannelPolicy policy, Authenticator authenticator, Clock clock) {
        this.presence = presence;
        this.policy = policy;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public ChannelPresence read(JobId jobId, Credentials credentials) {
        Instant now = clock.instant();
        Grant grant = authenticator.authenticate(credentials, now);
        Optional<Rejection> refused = grant.authorize(Scope.SUBSCRIBE, jobId, now)
                .filter(r -> grant.authorize(Scope.ADMIN, now).isPresent());
        refused.ifPresent(r -> {
            throw new RejectedException(r);
        });
        PresenceRules.check(policy, jobId).ifPresent(r -> {
            throw new RejectedException(r);
        });
        return new ChannelPresence(jobId, presence.members(jobId));
    }
}
