package dev.herald.domain.auth;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrantTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant EXP = NOW.plusSeconds(3_600);
    private static final JobId J1 = JobId.of("job-1");
    private static final JobId J2 = JobId.of("job-2");

    private static Grant grant(Set<Scope> scopes, Set<JobId> jobs) {
        return new Grant(scopes, false, jobs, Optional.of(EXP), Optional.of("user-7"));
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void unrestrictedGrantMayDoEverythingOnEveryJobForever(Scope scope) {
        Grant grant = Grant.unrestricted();
        assertThat(grant.authorize(scope, J1, NOW)).isEmpty();
        assertThat(grant.authorize(scope, JobId.of("any.other:job"), Instant.MAX)).isEmpty();
        assertThat(grant.authorize(scope, NOW)).isEmpty();
        assertThat(grant.has(scope)).isTrue();
        assertThat(grant.allJobs()).isTrue();
        assertThat(grant.covers(J2)).isTrue();
        assertThat(grant.expired(Instant.MAX)).isFalse();
        assertThat(grant.expiresAt()).isEmpty();
        assertThat(grant.subject()).isEmpty();
    }

    @Test
    void grantedScopeAndJobIsAllowed() {
        Grant grant = grant(Set.of(Scope.SUBSCRIBE), Set.of(J1));
        assertThat(grant.authorize(Scope.SUBSCRIBE, J1, NOW)).isEmpty();
        assertThat(grant.authorize(Scope.SUBSCRIBE, NOW)).isEmpty();
    }

    @Test
    void missingScopeIsForbidden() {
        Grant grant = grant(Set.of(Scope.SUBSCRIBE), Set.of(J1));
        Rejection rejection = grant.authorize(Scope.PUBLISH, J1, NOW).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(rejection.message()).contains("publish");
        assertThat(grant.authorize(Scope.ADMIN, NOW)).map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
    }

    @Test
    void noScopesAtAllIsForbiddenForEverything() {
        Grant grant = new Grant(Set.of(), true, Set.of(), Optional.empty(), Optional.empty());
        for (Scope scope : Scope.values()) {
            assertThat(grant.authorize(scope, J1, NOW)).map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void jobNotCoveredIsForbiddenAndNamesTheJob() {
        Grant grant = grant(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), Set.of(J1));
        Rejection rejection = grant.authorize(Scope.SUBSCRIBE, J2, NOW).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(rejection.message()).contains("job-2");
        assertThat(grant.authorize(Scope.PUBLISH, J2, NOW)).map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
        assertThat(grant.covers(J1)).isTrue();
        assertThat(grant.covers(J2)).isFalse();
    }

    @Test
    void emptyJobListCoversNothing() {
        Grant grant = grant(Set.of(Scope.SUBSCRIBE), Set.of());
        assertThat(grant.covers(J1)).isFalse();
        assertThat(grant.authorize(Scope.SUBSCRIBE, J1, NOW)).map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
        // a job-less action only needs the scope
        assertThat(grant.authorize(Scope.SUBSCRIBE, NOW)).isEmpty();
    }

    @Test
    void allJobsCoversEveryJob() {
        Grant grant = new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.of(EXP), Optional.empty());
        assertThat(grant.covers(J1)).isTrue();
        assertThat(grant.covers(JobId.of("x"))).isTrue();
        assertThat(grant.authorize(Scope.SUBSCRIBE, J2, NOW)).isEmpty();
        // all jobs, still only the granted scopes
        assertThat(grant.authorize(Scope.PUBLISH, J2, NOW)).map(Rejection::code).hasValue(ErrorCode.FORBIDDEN);
    }

    @Test
    void expiredAtExactlyExpNotOneNanoBefore() {
        Grant grant = grant(Set.of(Scope.SUBSCRIBE), Set.of(J1));
        assertThat(grant.expired(EXP.minusMillis(1))).isFalse();
        assertThat(grant.expired(EXP.minusNanos(1))).isFalse();
        assertThat(grant.expired(EXP)).isTrue();
        assertThat(grant.expired(EXP.plusSeconds(1))).isTrue();

        assertThat(grant.authorize(Scope.SUBSCRIBE, J1, EXP.minusNanos(1))).isEmpty();
        assertThat(grant.authorize(Scope.SUBSCRIBE, J1, EXP)).map(Rejection::code).hasValue(ErrorCode.TOKEN_EXPIRED);
        assertThat(grant.authorize(Scope.SUBSCRIBE, EXP)).map(Rejection::code).hasValue(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void anExpiredGrantOnAnOpenConnectionCannotAddSubscriptionsUntilRefreshedButStaysOpen() {
        Rejection rejection = grant(Set.of(Scope.SUBSCRIBE), Set.of(J1)).authorize(Scope.SUBSCRIBE, J1, EXP).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(rejection.code().closesConnection()).isFalse();
        assertThat(rejection.message()).containsIgnoringCase("expired").contains("refresh");
    }

    @Test
    void grantWithoutExpiryNeverExpires() {
        Grant grant = new Grant(Set.of(Scope.ADMIN), false, Set.of(), Optional.empty(), Optional.empty());
        assertThat(grant.expired(Instant.MAX)).isFalse();
        assertThat(grant.authorize(Scope.ADMIN, Instant.MAX)).isEmpty();
    }

    @Test
    void grantIsImmutableAgainstItsInputs() {
        Set<Scope> scopes = EnumSet.of(Scope.SUBSCRIBE);
        Set<JobId> jobs = new HashSet<>(Set.of(J1));
        Grant grant = new Grant(scopes, false, jobs, Optional.of(EXP), Optional.empty());
        scopes.add(Scope.ADMIN);
        jobs.add(J2);
        assertThat(grant.has(Scope.ADMIN)).isFalse();
        assertThat(grant.covers(J2)).isFalse();
        assertThatThrownBy(() -> grant.scopes().add(Scope.ADMIN)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> grant.jobs().add(J2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiredParts() {
        assertThatThrownBy(() -> new Grant(null, true, Set.of(), Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Grant(Set.of(), true, null, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Grant(Set.of(), true, Set.of(), null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Grant(Set.of(), true, Set.of(), Optional.empty(), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void subjectIsKept() {
        assertThat(grant(Set.of(), Set.of()).subject()).contains("user-7");
    }
}
