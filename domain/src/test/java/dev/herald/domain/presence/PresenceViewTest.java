package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.herald.domain.presence.Memberships.A;
import static dev.herald.domain.presence.Memberships.B;
import static dev.herald.domain.presence.Memberships.ROOM;
import static dev.herald.domain.presence.Memberships.T0;
import static dev.herald.domain.presence.Memberships.of;
import static dev.herald.domain.presence.PresenceNotice.join;
import static dev.herald.domain.presence.PresenceNotice.leave;
import static org.assertj.core.api.Assertions.assertThat;

class PresenceViewTest {

    private final PresenceView view = new PresenceView(Duration.ofSeconds(30));

    private List<String> clients() {
        return view.members(ROOM).stream().map(m -> m.clientId().value()).toList();
    }

    @Test
    void aJoinIsAnnouncedOnceHoweverOftenItArrives() {
        assertThat(view.apply(join(of("c1", A, 1)), T0)).isPresent();
        assertThat(view.apply(join(of("c1", A, 1)), T0.plusMillis(5))).isEmpty();
        assertThat(clients()).containsExactly("c1");
    }

    @Test
    void aLeaveIsAnnouncedOnceAndEndsTheMembership() {
        view.apply(join(of("c1", A, 1)), T0);
        assertThat(view.apply(leave(of("c1", A, 2)), T0)).isPresent();
        assertThat(view.apply(leave(of("c1", A, 2)), T0)).isEmpty();
        assertThat(clients()).isEmpty();
    }

    @Test
    void aJoinOvertakenByItsLeaveIsIgnored() {
        assertThat(view.apply(leave(of("c1", A, 2)), T0)).as("leave of an unknown member").isEmpty();
        assertThat(view.apply(join(of("c1", A, 1)), T0.plusMillis(1))).as("the late join").isEmpty();
        assertThat(clients()).isEmpty();
    }

    @Test
    void aRejoinAfterALeaveCounts() {
        view.apply(join(of("c1", A, 1)), T0);
        view.apply(leave(of("c1", A, 2)), T0);
        assertThat(view.apply(join(of("c1", A, 3)), T0)).isPresent();
        assertThat(clients()).containsExactly("c1");
    }

    @Test
    void aLeaveIsRememberedForTheRetentionOnly() {
        view.apply(join(of("c1", A, 1)), T0);
        view.apply(leave(of("c1", A, 2)), T0);
        // a further leave makes the view prune what is older than the retention
        view.apply(leave(of("other", A, 9)), T0.plusSeconds(31));
        assertThat(view.apply(join(of("c1", A, 1)), T0.plusSeconds(31)))
                .as("a join older than the retention is no longer recognised as overtaken").isPresent();
    }

    @Test
    void aSnapshotAddsTheMembersOnlyItShowsAndRemovesTheOnesItLacks() {
        view.apply(join(of("gone", B, 1)), T0);
        view.apply(join(of("stays", A, 1)), T0);
        List<PresenceNotice> changes = view.reconcile(ROOM, List.of(of("stays", A, 1), of("new", B, 2)),
                T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(changes).extracting(n -> n.kind() + " " + n.membership().member().clientId())
                .containsExactly("LEAVE gone", "JOIN new");
        assertThat(clients()).containsExactlyInAnyOrder("stays", "new");
    }

    @Test
    void aSnapshotReadBeforeAJoinArrivedDoesNotRemoveIt() {
        Instant readStarted = T0;
        view.apply(join(of("c1", A, 1)), T0.plusMillis(3));
        assertThat(view.reconcile(ROOM, List.of(), readStarted, T0.plusMillis(5))).isEmpty();
        assertThat(clients()).containsExactly("c1");
    }

    @Test
    void aMemberASnapshotRemovedComesBackOnlyWithANewerJoin() {
        view.apply(join(of("c1", A, 4)), T0);
        view.reconcile(ROOM, List.of(), T0.plusSeconds(1), T0.plusSeconds(1));
        assertThat(view.apply(join(of("c1", A, 4)), T0.plusSeconds(2))).as("the same join again").isEmpty();
        assertThat(view.apply(join(of("c1", A, 6)), T0.plusSeconds(2))).as("a newer join").isPresent();
    }

    @Test
    void aSnapshotDoesNotResurrectAMemberWhoseLeaveArrivedDuringTheRead() {
        view.apply(join(of("c1", A, 1)), T0);
        view.apply(leave(of("c1", A, 2)), T0.plusMillis(2));
        assertThat(view.reconcile(ROOM, List.of(of("c1", A, 1)), T0.plusMillis(1), T0.plusMillis(3))).isEmpty();
        assertThat(clients()).isEmpty();
    }

    @Test
    void forgettingAChannelDropsWhatWasKnown() {
        view.apply(join(of("c1", A, 1)), T0);
        view.forget(ROOM);
        assertThat(clients()).isEmpty();
        assertThat(view.apply(join(of("c1", A, 1)), T0)).isPresent();
    }

    @Test
    void membersAreListedFirstJoinedFirst() {
        Member late = new Member(ClientId.of("a-late"), java.util.Optional.empty(), T0.plusSeconds(5));
        view.apply(join(new Membership(ROOM, late, A, 1)), T0);
        view.apply(join(of("z-early", B, 1)), T0);
        assertThat(clients()).containsExactly("z-early", "a-late");
    }
}
