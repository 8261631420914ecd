package dev.herald.adapter.rest;

import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.domain.operator.AdminAccess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.herald.domain.operator.AdminAccess.Verdict.ALLOWED;
import static dev.herald.domain.operator.AdminAccess.Verdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's address as the guard takes it (the WebSocket admission's resolver) and the verdict
 * with auth off: only what a trusted proxy says counts, so a forwarded address never opens the
 * guard for a peer that is not one.
 */
class AdminCallerTest {

    private final ClientAddressResolver addresses = new ClientAddressResolver(List.of("127.0.0.1", "10.0.0.2"));
    private final AdminAccess authOff = new AdminAccess(false, false);

    private AdminAccess.Verdict verdict(String peer, String forwardedFor) {
        return authOff.verdict(addresses.resolve(peer, Optional.ofNullable(forwardedFor)));
    }

    @Test
    void anUntrustedPeerClaimingLoopbackIsStillRefused() {
        assertThat(verdict("203.0.113.7", "127.0.0.1")).isEqualTo(REFUSED);
        assertThat(verdict("203.0.113.7", "::1, 127.0.0.1")).isEqualTo(REFUSED);
    }

    @Test
    void throughATrustedProxyTheRightMostUntrustedHopDecides() {
        assertThat(verdict("127.0.0.1", "203.0.113.7")).isEqualTo(REFUSED);
        assertThat(verdict("10.0.0.2", "127.0.0.1, 203.0.113.7")).isEqualTo(REFUSED);
        assertThat(verdict("127.0.0.1", null)).isEqualTo(ALLOWED);
        // a proxy on this machine forwarding a caller on this machine
        assertThat(verdict("127.0.0.1", "127.0.0.1")).isEqualTo(ALLOWED);
    }
}
