package dev.herald.domain.presence;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.herald.domain.presence.Memberships.A;
import static dev.herald.domain.presence.Memberships.B;
import static dev.herald.domain.presence.Memberships.ROOM;
import static dev.herald.domain.presence.Memberships.T0;
import static dev.herald.domain.presence.Memberships.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresenceLedgerTest {

    private final PresenceLedger ledger = new PresenceLedger(PresenceTtl.ofMillis(30_000));

    @Test
    void membersOfEveryLiveInstanceAreListed() {
        ledger.join(of("c1", A, 1), T0);
        ledger.join(of("c2", B, 1), T0);
        assertThat(ledger.members(ROOM, T0.plusSeconds(1))).extracting(m -> m.member().clientId().value())
                .containsExactlyInAnyOrder("c1", "c2");
        assertThat(ledger.channels(T0)).containsExactly(ROOM);
    }

    @Test
    void anInstanceThatStopsRenewingLosesItsMembersWhenItsLeaseEnds() {
        ledger.join(of("c1", A, 1), T0);
        ledger.join(of("c2", B, 1), T0);
        ledger.renew(A, T0.plusSeconds(20));
        assertThat(ledger.members(ROOM, T0.plusMillis(29_999))).hasSize(2);
        assertThat(ledger.members(ROOM, T0.plusSeconds(30))).extracting(m -> m.member().clientId().value())
                .containsExactly("c1");
        assertThat(ledger.expire(T0.plusSeconds(30))).extracting(m -> m.member().clientId().value())
                .containsExactly("c2");
        assertThat(ledger.members(ROOM, T0.plusSeconds(31))).hasSize(1);
    }

    @Test
    void anExpiredInstanceThatComesBackCountsAgainWithWhatItRewrites() {
        ledger.join(of("c1", A, 1), T0);
        ledger.expire(T0.plusSeconds(40));
        assertThat(ledger.members(ROOM, T0.plusSeconds(40))).isEmpty();
        ledger.join(of("c1", A, 1), T0.plusSeconds(41));
        assertThat(ledger.members(ROOM, T0.plusSeconds(41))).hasSize(1);
    }

    @Test
    void aRepeatedOrOvertakenChangeIsIgnored() {
        assertThat(ledger.join(of("c1", A, 1), T0)).isTrue();
        assertThat(ledger.join(of("c1", A, 1), T0)).isFalse();
        assertThat(ledger.leave(of("c1", A, 2), T0)).isTrue();
        assertThat(ledger.leave(of("c1", A, 2), T0)).isFalse();
        assertThat(ledger.join(of("c1", A, 1), T0)).isFalse();
        assertThat(ledger.members(ROOM, T0)).isEmpty();
        assertThat(ledger.channels(T0)).isEmpty();
    }

    @Test
    void theTtlHasAFloorAndARefreshInterval() {
        assertThat(PresenceTtl.defaults().refreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> PresenceTtl.ofMillis(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
