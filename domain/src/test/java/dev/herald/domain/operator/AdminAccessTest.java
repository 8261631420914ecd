package dev.herald.domain.operator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.herald.domain.operator.AdminAccess.Verdict.ALLOWED;
import static dev.herald.domain.operator.AdminAccess.Verdict.REFUSED;
import static dev.herald.domain.operator.AdminAccess.Verdict.TOKEN_REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "0:0:0:0:0:0:0:1", "[::1]",
            "0000:0000:0000:0000:0000:0000:0000:0001", "::ffff:127.0.0.1", "0:0:0:0:0:ffff:127.0.0.2", "::1%lo",
            " 127.0.0.1 "})
    void loopbackAddressesAreLoopback(String address) {
        assertThat(LoopbackAddress.is(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "10.0.0.1", "128.0.0.1", "126.255.255.255", "127.0.0", "127.0.0.1.5",
            "127.0.0.256", "127.0.0.01x", "::2", "::", "1::1", "::ffff:10.0.0.1", "::fffe:127.0.0.1", "1:0:0:0:0:0:0:1",
            "0:0:0:0:0:0:0:0:1", "::1::", "fe80::1", "2001:db8::1", "203.0.113.7", "127.0.0.1, 10.0.0.1", "unknown"})
    void otherAddressesAndNamesAreNot(String address) {
        assertThat(LoopbackAddress.is(address)).isFalse();
    }

    @Test
    void aNullAddressIsNotLoopback() {
        assertThat(LoopbackAddress.is(null)).isFalse();
    }

    @Test
    void withAuthOnTheTokenDecidesWhereverTheCallerIs() {
        assertThat(new AdminAccess(true, false).verdict("127.0.0.1")).isEqualTo(TOKEN_REQUIRED);
        assertThat(new AdminAccess(true, true).verdict("203.0.113.7")).isEqualTo(TOKEN_REQUIRED);
    }

    @Test
    void withAuthOffOnlyLoopbackCallersMayAct() {
        AdminAccess access = new AdminAccess(false, false);
        assertThat(access.verdict("127.0.0.1")).isEqualTo(ALLOWED);
        assertThat(access.verdict("0:0:0:0:0:0:0:1")).isEqualTo(ALLOWED);
        assertThat(access.verdict("203.0.113.7")).isEqualTo(REFUSED);
        assertThat(access.verdict("localhost")).isEqualTo(REFUSED);
    }

    @Test
    void openedOnPurposeEveryCallerMayActWithAuthOff() {
        assertThat(new AdminAccess(false, true).verdict("203.0.113.7")).isEqualTo(ALLOWED);
    }
}
