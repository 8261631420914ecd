package dev.herald.domain.operator;

import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The revocation window: tokens of the subject issued up to the second of the revocation are refused. */
class RevocationTest {

    private static final Instant REVOKED_AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private static Grant token(String sub, Instant issuedAt) {
        return new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.of(issuedAt.plus(Duration.ofHours(1))),
                Optional.ofNullable(sub), Optional.ofNullable(issuedAt));
    }

    @Test
    void tokensIssuedBeforeOrInTheSameSecondAreRefusedLaterOnesAreNot() {
        Revocation revocation = new Revocation("alice", REVOKED_AT);
        assertThat(revocation.refuses(token("alice", REVOKED_AT.minus(Duration.ofMinutes(30))))).isTrue();
        assertThat(revocation.refuses(token("alice", Instant.parse("2026-01-02T03:04:05Z")))).isTrue();
        assertThat(revocation.refuses(token("alice", Instant.parse("2026-01-02T03:04:05.999Z")))).isTrue();
        assertThat(revocation.refuses(token("alice", Instant.parse("2026-01-02T03:04:06Z")))).isFalse();
    }

    @Test
    void otherUsersAndTokensWithoutSubjectAreNotConcernedATokenWithoutIatIs() {
        Revocation revocation = new Revocation("alice", REVOKED_AT);
        assertThat(revocation.refuses(token("bob", REVOKED_AT.minusSeconds(60)))).isFalse();
        assertThat(revocation.refuses(token(null, REVOKED_AT.minusSeconds(60)))).isFalse();
        Grant noIat = new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.empty(), Optional.of("alice"));
        assertThat(revocation.refuses(noIat)).isTrue();
        assertThat(revocation.refuses(Grant.unrestricted())).isFalse();
    }

    @Test
    void theListKeepsTheLatestRevocationPerUserAndSaysRevoked() {
        Revocation first = new Revocation("alice", REVOKED_AT);
        Revocation second = new Revocation("alice", REVOKED_AT.plus(Duration.ofHours(1)));
        RevocationList list = RevocationList.of(List.of(second, first, new Revocation("bob", REVOKED_AT)));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.all()).contains(second);
        Grant between = token("alice", REVOKED_AT.plus(Duration.ofMinutes(10)));
        assertThat(list.refusal(between).orElseThrow().code()).isEqualTo(ErrorCode.REVOKED);
        assertThat(list.refusal(token("alice", REVOKED_AT.plus(Duration.ofHours(2))))).isEmpty();
        assertThat(list.with(first)).isSameAs(list);
        assertThat(RevocationList.empty().refusal(between)).isEmpty();
    }

    @Test
    void aSubjectIsOneTo256Characters() {
        assertThatThrownBy(() -> new Revocation("", REVOKED_AT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Revocation("x".repeat(257), REVOKED_AT)).isInstanceOf(IllegalArgumentException.class);
    }
}
