package dev.herald.application.service.auth;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.ManualClock;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizeAdminServiceTest {

    private final ManualClock clock = ManualClock.atEpochPlusOneDay();

    private AuthorizeAdminService withAuthOff(boolean open) {
        return new AuthorizeAdminService(open, new Authenticator(Optional.empty()), clock);
    }

    private AuthorizeAdminService withAuthOn() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("admin", grant(Scope.ADMIN))
                .grant("publisher", grant(Scope.PUBLISH));
        return new AuthorizeAdminService(true, new Authenticator(Optional.of(tokens)), clock);
    }

    private Grant grant(Scope scope) {
        return new Grant(Set.of(scope), true, Set.of(), Optional.of(clock.instant().plus(Duration.ofMinutes(1))),
                Optional.of("ops"));
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RejectedException e) {
            return e.code();
        }
    }

    @Test
    void withAuthOffALoopbackCallerMayActAndAnyOtherIsForbidden() {
        AuthorizeAdminService guard = withAuthOff(false);
        assertThatCode(() -> guard.authorize(Credentials.none(), "127.0.0.1")).doesNotThrowAnyException();
        assertThat(codeOf(() -> guard.authorize(Credentials.none(), "203.0.113.9"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(guard.openWithoutAuth()).isFalse();
    }

    @Test
    void openedOnPurposeAnyCallerMayActWithAuthOff() {
        AuthorizeAdminService guard = withAuthOff(true);
        assertThatCode(() -> guard.authorize(Credentials.none(), "203.0.113.9")).doesNotThrowAnyException();
        assertThat(guard.openWithoutAuth()).isTrue();
    }

    @Test
    void withAuthOnOnlyAnAdminTokenPassesEvenFromLoopbackAndOpenChangesNothing() {
        AuthorizeAdminService guard = withAuthOn();
        assertThatCode(() -> guard.authorize(Credentials.bearer("admin"), "203.0.113.9")).doesNotThrowAnyException();
        assertThat(codeOf(() -> guard.authorize(Credentials.none(), "127.0.0.1"))).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(codeOf(() -> guard.authorize(Credentials.bearer("forged"), "127.0.0.1")))
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(codeOf(() -> guard.authorize(Credentials.bearer("publisher"), "127.0.0.1")))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(guard.openWithoutAuth()).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> guard.authorize(Credentials.bearer("admin"), "127.0.0.1"))
                .isInstanceOf(RejectedException.class);
    }
}
