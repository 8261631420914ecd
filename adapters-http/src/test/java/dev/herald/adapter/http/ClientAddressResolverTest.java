package dev.herald.adapter.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindBalancer = new ClientAddressResolver(List.of("10.0.0.2", "10.0.0.3"));

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverItClaims() {
        ClientAddressResolver direct = new ClientAddressResolver(List.of());
        assertThat(direct.resolve("203.0.113.9", Optional.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightMostUntrustedHop() {
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        // the client claimed 1.1.1.1 itself; the balancer appended the address it really saw
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.of("1.1.1.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.of("198.51.100.7, 10.0.0.3"))).isEqualTo("198.51.100.7");
    }

    @Test
    void anUntrustedPeerCannotSpoofItsAddress() {
        assertThat(behindBalancer.resolve("203.0.113.9", Optional.of("198.51.100.7"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aMissingOrUselessHeaderFallsBackToThePeer() {
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.empty())).isEqualTo("10.0.0.2");
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.of(" , 10.0.0.3"))).isEqualTo("10.0.0.2");
    }

    @Test
    void anAbsurdlyLongHopIsTruncated() {
        assertThat(behindBalancer.resolve("10.0.0.2", Optional.of("x".repeat(500)))).hasSize(64);
    }
}
