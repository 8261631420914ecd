package dev.herald.application.service.clients;

import dev.herald.domain.client.ConnectionRateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionAttemptsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFloodOfDistinctAddressesDoesNotGrowTheTableWithoutBound() {
        AddressWindows attempts = new AddressWindows(new ConnectionRateLimit(5, Duration.ofSeconds(60)));
        for (int i = 0; i < 10_000; i++) {
            attempts.record("10.0." + (i / 256) + "." + (i % 256), T0);
        }
        assertThat(attempts.trackedAddresses()).isEqualTo(10_000);
        // a minute later the old windows have ended: the next newcomer past the threshold prunes them
        attempts.record("192.0.2.1", T0.plusSeconds(60));
        attempts.record("192.0.2.2", T0.plusSeconds(60));
        assertThat(attempts.trackedAddresses()).isLessThanOrEqualTo(2);
    }

    @Test
    void anUnlimitedRateTracksNothing() {
        AddressWindows attempts = new AddressWindows(ConnectionRateLimit.unlimited());
        attempts.record("10.0.0.1", T0);
        assertThat(attempts.trackedAddresses()).isZero();
    }
}
