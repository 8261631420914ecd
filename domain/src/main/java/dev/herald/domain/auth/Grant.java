package dev.herald.domain.auth;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a verified token allows: scopes, jobs (or all jobs) and until when. With auth off every
 * caller holds {@link #unrestricted()}.
 *
 * @param issuedAt the token's {@code iat}, which an operator's revocation of its subject compares with
 */
public record Grant(Set<Scope> scopes, boolean allJobs, Set<JobId> jobs, Optional<Instant> expiresAt,
                    Optional<String> subject, Optional<Instant> issuedAt) {

    public Grant {
        scopes = Set.copyOf(scopes);
        jobs = Set.copyOf(jobs);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** A grant whose token carries no {@code iat}. */
    public Grant(Set<Scope> scopes, boolean allJobs, Set<JobId> jobs, Optional<Instant> expiresAt,
                 Optional<String> subject) {
        this(scopes, allJobs, jobs, expiresAt, subject, Optional.empty());
    }

    public static Grant unrestricted() {
        return new Grant(EnumSet.allOf(Scope.class), true, Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public boolean expired(Instant now) {
        return expiresAt.map(exp -> !now.isBefore(exp)).orElse(false);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean covers(JobId jobId) {
        return allJobs || jobs.contains(jobId);
    }

    /** May the holder do {@code scope} on {@code jobId} at {@code now}? Empty when it may. */
    public Optional<Rejection> authorize(Scope scope, JobId jobId, Instant now) {
        Optional<Rejection> scoped = authorize(scope, now);
        if (scoped.isPresent()) {
            return scoped;
        }
        if (!covers(jobId)) {
            return Optional.of(Rejection.of(ErrorCode.FORBIDDEN, "The token does not grant job " + jobId));
        }
        return Optional.empty();
    }

    /** May the holder do {@code scope} at {@code now} (no job involved)? Empty when it may. */
    public Optional<Rejection> authorize(Scope scope, Instant now) {
        if (expired(now)) {
            // only an open connection holds a grant past its expiry: it may refresh it in place
            return Optional.of(Rejection.of(ErrorCode.TOKEN_EXPIRED,
                    "The token has expired; send refresh with a new token"));
        }
        if (!has(scope)) {
            return Optional.of(Rejection.of(ErrorCode.FORBIDDEN,
                    "The token does not grant the " + scope.wireName() + " scope"));
        }
        return Optional.empty();
    }
}
