package dev.herald.domain.auth;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GrantRenewalTest {

    private static final Instant EXP = Instant.parse("2026-01-02T03:04:05Z");
    private static final JobId A = JobId.of("job-a");
    private static final JobId B = JobId.of("job-b");
    private static final JobId C = JobId.of("job-c");

    private static Grant grant(String sub, Set<Scope> scopes, Set<JobId> jobs) {
        return new Grant(scopes, false, jobs, Optional.of(EXP), Optional.ofNullable(sub));
    }

    @Test
    void aTokenForTheSameSubjectWithTheSubscribeScopeIsAccepted() {
        Grant current = grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(A));
        Grant next = grant("alice", Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), Set.of(A, B));
        assertThat(new GrantRenewal(current, next).refusal()).isEmpty();
    }

    @Test
    void tokensWithoutASubjectRenewEachOther() {
        assertThat(new GrantRenewal(grant(null, Set.of(Scope.SUBSCRIBE), Set.of(A)),
                grant(null, Set.of(Scope.SUBSCRIBE), Set.of(A))).refusal()).isEmpty();
    }

    @Test
    void anotherSubjectIsForbiddenAndSoIsGainingOrLosingOne() {
        Grant alice = grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(A));
        Rejection other = new GrantRenewal(alice, grant("bob", Set.of(Scope.SUBSCRIBE), Set.of(A))).refusal().orElseThrow();
        assertThat(other.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(other.message()).contains("sub").doesNotContain("bob").doesNotContain("alice");
        assertThat(new GrantRenewal(alice, grant(null, Set.of(Scope.SUBSCRIBE), Set.of(A))).refusal())
                .map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
        assertThat(new GrantRenewal(grant(null, Set.of(Scope.SUBSCRIBE), Set.of(A)), alice).refusal())
                .map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
    }

    @Test
    void aTokenWithoutTheSubscribeScopeCannotCarryAConnection() {
        Rejection refusal = new GrantRenewal(grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(A)),
                grant("alice", Set.of(Scope.PUBLISH), Set.of(A))).refusal().orElseThrow();
        assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal.message()).contains("subscribe");
    }

    @Test
    void theJobsTheNewGrantDoesNotCoverAreWithdrawnInTheOrderHeld() {
        GrantRenewal renewal = new GrantRenewal(grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(A, B, C)),
                grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(B)));
        assertThat(renewal.withdrawn(List.of(C, A, B))).containsExactly(C, A);
        assertThat(renewal.withdrawn(List.of())).isEmpty();
    }

    @Test
    void aGrantOfAllJobsWithdrawsNothing() {
        Grant all = new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.of(EXP), Optional.of("alice"));
        assertThat(new GrantRenewal(grant("alice", Set.of(Scope.SUBSCRIBE), Set.of(A)), all).withdrawn(List.of(A, B)))
                .isEmpty();
    }
}
