package dev.herald.domain.auth;

import dev.herald.domain.auth.TokenExpiry.Step;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenExpiryTest {

    private static final Instant EXP = Instant.parse("2026-01-02T03:04:05Z");
    private static final Grant GRANT = new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.of(EXP),
            Optional.of("user-7"));
    private static final TokenExpiry THIRTY_SECONDS = TokenExpiry.defaults();

    @Test
    void theDefaultGraceIsThirtySeconds() {
        assertThat(TokenExpiry.defaults().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TokenExpiry.ofMillis(2_000).grace()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void beforeItsExpiryATokenNeedsNothing() {
        assertThat(THIRTY_SECONDS.step(GRANT, false, EXP.minusNanos(1))).isEqualTo(Step.NONE);
        assertThat(THIRTY_SECONDS.step(GRANT, false, EXP.minusSeconds(3_600))).isEqualTo(Step.NONE);
    }

    @Test
    void atItsExpiryTheHolderIsToldOnceThenLeftAloneUntilTheGraceEnds() {
        assertThat(THIRTY_SECONDS.step(GRANT, false, EXP)).isEqualTo(Step.ANNOUNCE);
        assertThat(THIRTY_SECONDS.step(GRANT, true, EXP)).isEqualTo(Step.NONE);
        assertThat(THIRTY_SECONDS.step(GRANT, true, EXP.plusSeconds(30).minusNanos(1))).isEqualTo(Step.NONE);
        // a sweep that comes late, still within the grace, tells it then
        assertThat(THIRTY_SECONDS.step(GRANT, false, EXP.plusSeconds(29))).isEqualTo(Step.ANNOUNCE);
    }

    @Test
    void whenTheGraceIsOverTheConnectionIsClosedToldOrNot() {
        assertThat(THIRTY_SECONDS.step(GRANT, true, EXP.plusSeconds(30))).isEqualTo(Step.CLOSE);
        assertThat(THIRTY_SECONDS.step(GRANT, false, EXP.plusSeconds(30))).isEqualTo(Step.CLOSE);
        assertThat(THIRTY_SECONDS.step(GRANT, true, EXP.plusSeconds(3_600))).isEqualTo(Step.CLOSE);
    }

    @Test
    void aZeroGraceClosesAtExpiryWithoutANotice() {
        TokenExpiry none = TokenExpiry.ofMillis(0);
        assertThat(none.step(GRANT, false, EXP.minusNanos(1))).isEqualTo(Step.NONE);
        assertThat(none.step(GRANT, false, EXP)).isEqualTo(Step.CLOSE);
    }

    @Test
    void aGrantWithoutExpiryNeverRunsOut() {
        assertThat(THIRTY_SECONDS.step(Grant.unrestricted(), false, Instant.MAX)).isEqualTo(Step.NONE);
    }

    @Test
    void theNoticeIsTokenExpiredAndKeepsTheConnectionTheCloseIsUnauthorized4401() {
        assertThat(THIRTY_SECONDS.expiredNotice().code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(THIRTY_SECONDS.expiredNotice().code().closesConnection()).isFalse();
        assertThat(THIRTY_SECONDS.expiredNotice().message()).contains("refresh").contains("30000 ms");
        assertThat(TokenExpiry.GRACE_OVER.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(TokenExpiry.GRACE_OVER.code().closeCode()).hasValue(4401);
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> TokenExpiry.ofMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenExpiry(null)).isInstanceOf(NullPointerException.class);
    }
}
