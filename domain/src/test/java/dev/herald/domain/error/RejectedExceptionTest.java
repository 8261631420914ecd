package dev.herald.domain.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RejectedExceptionTest {

    @Test
    void carriesItsRejection() {
        Rejection rejection = Rejection.of(ErrorCode.FORBIDDEN, "The token does not grant job j1");
        RejectedException e = new RejectedException(rejection);
        assertThat(e.rejection()).isSameAs(rejection);
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("The token does not grant job j1");
    }

    @Test
    void codeAndMessageConstructorBuildsTheSameRejection() {
        RejectedException e = new RejectedException(ErrorCode.BAD_REQUEST, "jobId is required");
        assertThat(e.rejection()).isEqualTo(new Rejection(ErrorCode.BAD_REQUEST, "jobId is required"));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("jobId is required");
    }

    @Test
    void isAnUncheckedExceptionWithoutCauseOrStackTrace() {
        RejectedException e = new RejectedException(ErrorCode.RATE_LIMITED, "slow down");
        assertThat(e).isInstanceOf(RuntimeException.class);
        assertThat(e.getCause()).isNull();
        assertThat(e.getStackTrace()).isEmpty(); // expected client errors: cheap to throw
        e.addSuppressed(new IllegalStateException("x"));
        assertThat(e.getSuppressed()).isEmpty();
    }

    @Test
    void rejectionRequiresCodeAndMessage() {
        assertThatThrownBy(() -> Rejection.of(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rejection.of(ErrorCode.FORBIDDEN, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RejectedException(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectionsAreValues() {
        assertThat(Rejection.of(ErrorCode.IP_LIMIT, "m")).isEqualTo(new Rejection(ErrorCode.IP_LIMIT, "m"))
                .isNotEqualTo(Rejection.of(ErrorCode.ORIGIN_LIMIT, "m"))
                .isNotEqualTo(Rejection.of(ErrorCode.IP_LIMIT, "n"));
    }
}
