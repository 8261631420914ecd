package dev.herald.domain.auth;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection swapping its grant for the one a freshly verified token carries. The new token
 * must be for the same holder ({@code sub}, or no {@code sub} on both) and still allow a
 * WebSocket ({@code subscribe} scope); from then on its grants are the connection's, so the jobs
 * it does not cover are withdrawn.
 */
public record GrantRenewal(Grant current, Grant next) {

    public GrantRenewal {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(next, "next");
    }

    /** Why the swap is refused ({@code FORBIDDEN}, the connection keeps its grant), or empty. */
    public Optional<Rejection> refusal() {
        if (!current.subject().equals(next.subject())) {
            return Optional.of(Rejection.of(ErrorCode.FORBIDDEN,
                    "The new token is for a different subject (sub) than this connection's"));
        }
        if (!next.has(Scope.SUBSCRIBE)) {
            return Optional.of(Rejection.of(ErrorCode.FORBIDDEN,
                    "The new token does not grant the " + Scope.SUBSCRIBE.wireName() + " scope"));
        }
        return Optional.empty();
    }

    /** Of the jobs the connection follows, those the new grant does not cover, in the order given. */
    public List<JobId> withdrawn(Collection<JobId> held) {
        return held.stream().filter(jobId -> !next.covers(jobId)).toList();
    }
}
