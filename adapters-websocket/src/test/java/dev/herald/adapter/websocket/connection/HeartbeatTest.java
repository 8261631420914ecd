package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.websocket.connection.Heartbeat.Due;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatTest {

    private static final Heartbeat.Settings SETTINGS = new Heartbeat.Settings(Duration.ofMillis(25_000), Duration.ofMillis(10_000));

    @Test
    void aQuietConnectionIsPingedOnceTheIntervalHasPassed() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 1_000);
        assertThat(heartbeat.check(1_000)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(25_999)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(26_000)).isEqualTo(Due.PING);
        assertThat(heartbeat.check(26_500)).as("one ping per interval").isEqualTo(Due.NOTHING);
    }

    @Test
    void aPongBeforeTheTimeoutKeepsTheConnectionAndStartsTheNextInterval() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0);
        assertThat(heartbeat.check(25_000)).isEqualTo(Due.PING);
        heartbeat.pong(34_999);
        assertThat(heartbeat.check(35_000)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(59_998)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(59_999)).isEqualTo(Due.PING);
    }

    @Test
    void aPeerSilentForIntervalPlusTimeoutIsDeadOnce() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0);
        assertThat(heartbeat.check(25_000)).isEqualTo(Due.PING);
        assertThat(heartbeat.check(34_999)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(35_000)).isEqualTo(Due.DEAD);
        assertThat(heartbeat.silentFor(35_000)).isEqualTo(35_000);
        assertThat(heartbeat.check(40_000)).as("reported once").isEqualTo(Due.NOTHING);
        heartbeat.pong(41_000);
        assertThat(heartbeat.check(80_000)).as("a late pong does not revive it").isEqualTo(Due.NOTHING);
    }

    @Test
    void theTimeoutRunsFromWhenThePingWasDueSoALateCheckDoesNotExtendIt() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0);
        assertThat(heartbeat.check(35_000)).as("the first check after a long pause").isEqualTo(Due.DEAD);
    }

    @Test
    void anUnsolicitedPongCountsAsLife() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0);
        heartbeat.pong(20_000);
        assertThat(heartbeat.check(25_000)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(45_000)).isEqualTo(Due.PING);
    }

    @Test
    void aFirstPingSpreadEarlierComesSoonerThenTheIntervalRunsFromEachPong() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0, 10_000);
        assertThat(heartbeat.check(14_999)).isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(15_000)).as("10 s before the interval").isEqualTo(Due.PING);
        heartbeat.pong(15_100);
        assertThat(heartbeat.check(40_099)).as("then a whole interval after the pong").isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(40_100)).isEqualTo(Due.PING);
    }

    @Test
    void aFirstPingSpreadEarlierKeepsTheDeadPeerBound() {
        Heartbeat heartbeat = new Heartbeat(SETTINGS, 0, 12_500);
        assertThat(heartbeat.check(12_500)).isEqualTo(Due.PING);
        assertThat(heartbeat.check(34_999)).as("no pong yet, within interval + timeout").isEqualTo(Due.NOTHING);
        assertThat(heartbeat.check(35_000)).isEqualTo(Due.DEAD);
        assertThatThrownBy(() -> new Heartbeat(SETTINGS, 0, 25_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Heartbeat(SETTINGS, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsCheckPeriodIsATenthOfTheShorterSettingWithinBounds() {
        assertThat(SETTINGS.checkPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new Heartbeat.Settings(Duration.ofMillis(1000), Duration.ofMillis(1500)).checkPeriod())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(new Heartbeat.Settings(Duration.ofMillis(50), Duration.ofMillis(50)).checkPeriod())
                .isEqualTo(Duration.ofMillis(10));
        assertThat(new Heartbeat.Settings(Duration.ZERO, Duration.ofMillis(50)).enabled()).isFalse();
        assertThatThrownBy(() -> new Heartbeat.Settings(Duration.ofMillis(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
