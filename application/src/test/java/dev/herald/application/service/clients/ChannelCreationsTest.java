package dev.herald.application.service.clients;

import dev.herald.application.testing.ManualClock;
import dev.herald.domain.channel.ChannelCreationLimit;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address window of channel creations, on a manual clock. */
class ChannelCreationsTest {

    private final ManualClock clock = ManualClock.atEpochPlusOneDay();

    @Test
    void eachAddressHasItsOwnBudgetPerWindowFromItsFirstCreation() {
        AddressWindows creations = new AddressWindows(ChannelCreationLimit.perMinute(2));
        assertThat(creations.record("10.0.0.1", clock.instant())).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(creations.record("10.0.0.1", clock.instant())).isEmpty();
        assertThat(creations.record("10.0.0.1", clock.instant()))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(creations.record("10.0.0.2", clock.instant())).isEmpty();

        // the window runs from the first creation: 30 s later it is over
        clock.advance(Duration.ofSeconds(29));
        assertThat(creations.record("10.0.0.1", clock.instant())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(creations.record("10.0.0.1", clock.instant())).isEmpty();
    }

    @Test
    void unlimitedCountsNothing() {
        AddressWindows creations = new AddressWindows(ChannelCreationLimit.unlimited());
        for (int i = 0; i < 1_000; i++) {
            assertThat(creations.record("10.0.0.1", clock.instant())).isEmpty();
        }
        assertThat(creations.trackedAddresses()).isZero();
    }

    @Test
    void endedWindowsArePrunedUnderAFloodOfAddresses() {
        AddressWindows creations = new AddressWindows(ChannelCreationLimit.perMinute(1));
        for (int i = 0; i < 10_000; i++) {
            creations.record("a" + i, clock.instant());
        }
        clock.advance(Duration.ofMinutes(1));
        creations.record("late", clock.instant());
        assertThat(creations.trackedAddresses()).isEqualTo(1);
    }
}
