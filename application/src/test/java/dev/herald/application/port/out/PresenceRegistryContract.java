package dev.herald.application.port.out;

import dev.herald.application.testing.ManualClock;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceTtl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PresenceRegistry} adapter must do. Time is the contract's {@link #clock}: the
 * adapters take their "now" from it, so leases are tested without waiting.
 */
public abstract class PresenceRegistryContract {

    protected static final PresenceTtl TTL = PresenceTtl.ofMillis(30_000);

    protected final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final InstanceId a = InstanceId.random();
    private final InstanceId b = InstanceId.random();
    private final JobId room = JobId.of("room:" + UUID.randomUUID());

    /**
     * The registry of one more instance on the shared state under test, on {@link #clock} with
     * {@link #TTL}. Adapters that hold all instances in one object may return the same one.
     */
    protected abstract PresenceRegistry newInstanceRegistry();

    private Membership member(String client, InstanceId instance, long version, Optional<String> user,
                              Instant joinedAt) {
        return new Membership(room, new Member(ClientId.of(client), user, joinedAt), instance, version);
    }

    private Membership member(String client, InstanceId instance, long version) {
        return member(client, instance, version, Optional.of("user-" + client), clock.instant());
    }

    private static List<String> clients(List<Membership> members) {
        return members.stream().map(m -> m.member().clientId().value()).toList();
    }

    @Test
    void aMemberIsListedAsWrittenWithItsUserItsArrivalItsInstanceAndItsVersion() {
        PresenceRegistry registry = newInstanceRegistry();
        Instant joinedAt = Instant.parse("2026-01-02T03:04:05.678Z");
        Membership withUser = member("c1", a, 7, Optional.of("Zoé Ünïcode with spaces\nand a line"), joinedAt);
        Membership anonymous = member("c2", a, 8, Optional.empty(), joinedAt.plusMillis(1));
        registry.add(withUser);
        registry.add(anonymous);
        assertThat(registry.members(room)).containsExactly(withUser, anonymous);
        assertThat(registry.members(JobId.of("room:other-" + UUID.randomUUID()))).isEmpty();
    }

    @Test
    void everyInstancesMembersAreListedFirstJoinedFirst() {
        PresenceRegistry one = newInstanceRegistry();
        PresenceRegistry two = newInstanceRegistry();
        one.add(member("late", a, 1, Optional.empty(), clock.instant().plusSeconds(2)));
        two.add(member("early", b, 1, Optional.empty(), clock.instant()));
        one.add(member("middle", a, 2, Optional.empty(), clock.instant().plusSeconds(1)));
        assertThat(clients(one.members(room))).containsExactly("early", "middle", "late");
        assertThat(clients(two.members(room))).containsExactly("early", "middle", "late");
    }

    @Test
    void aLeaveEndsTheMembershipAndOlderWritesChangeNothing() {
        PresenceRegistry registry = newInstanceRegistry();
        registry.add(member("c1", a, 1));
        registry.add(member("c2", a, 2));
        registry.remove(member("c1", a, 3));
        registry.remove(member("c1", a, 3));
        assertThat(clients(registry.members(room))).containsExactly("c2");

        Membership rejoined = member("c1", a, 6);
        registry.add(rejoined);
        registry.add(member("c1", a, 4));
        registry.remove(member("c1", a, 5));
        assertThat(registry.members(room)).as("writes older than the stored one").contains(rejoined);
    }

    @Test
    void anInstanceThatStopsRefreshingLosesItsMembersAtTheTtlAndOnlyThose() {
        PresenceRegistry one = newInstanceRegistry();
        PresenceRegistry two = newInstanceRegistry();
        Membership alive = member("alive", a, 1);
        one.add(alive);
        two.add(member("dead", b, 1));
        Duration step = TTL.refreshInterval();
        clock.advance(step);
        one.refresh(a, List.of(alive));
        clock.advance(step);
        one.refresh(a, List.of(alive));
        clock.advance(TTL.duration().minus(step.multipliedBy(2)).minusMillis(1));
        assertThat(clients(one.members(room))).as("just before the TTL").containsExactlyInAnyOrder("alive", "dead");
        clock.advance(Duration.ofMillis(1));
        one.refresh(a, List.of(alive));
        assertThat(clients(one.members(room))).as("at the TTL").containsExactly("alive");
        assertThat(clients(two.members(room))).containsExactly("alive");
    }

    @Test
    void aRefreshWritesBackWhatTheInstanceHolds() {
        PresenceRegistry one = newInstanceRegistry();
        Membership kept = member("kept", a, 1);
        one.add(kept);
        clock.advance(TTL.duration().plusSeconds(5));
        assertThat(one.members(room)).as("expired: the instance was paused").isEmpty();
        one.refresh(a, List.of(kept));
        assertThat(one.members(room)).containsExactly(kept);
    }

    @Test
    void aRefreshDoesNotBringBackWhatTheInstanceNoLongerHolds() {
        PresenceRegistry one = newInstanceRegistry();
        one.add(member("gone", a, 1));
        one.add(member("kept", a, 2));
        one.remove(member("gone", a, 3));
        one.refresh(a, List.of(member("kept", a, 2)));
        assertThat(clients(one.members(room))).containsExactly("kept");
    }
}
