package dev.herald.application.service.presence;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.TestPresenceRegistry;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.History;
import dev.herald.domain.channel.Namespace;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.PresenceNotice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Presence across instances that share a bus and a registry: members, join/leave to the others,
 * instance expiry, lost notices, a registry that lost its state, refusals.
 */
class PresenceServiceTest {

    private static final JobId ROOM = JobId.of("room:lobby");
    private static final JobId QUIET = JobId.of("quiet:lobby");
    private static final JobId PLAIN = JobId.of("job-1");

    private static final GatewaySettings SETTINGS = GatewaySettings.defaults().withChannelPolicy(ChannelPolicy.of(Map.of(
            new Namespace("room"), new NamespaceOptions(History.DURABLE, false, true, true),
            new Namespace("quiet"), new NamespaceOptions(History.DURABLE, false, true, false))));

    private final GatewayFixture one = new GatewayFixture(SETTINGS);
    private final TestPresenceRegistry registry = one.presence;
    private final GatewayFixture two = new GatewayFixture(SETTINGS, Optional.empty(), one.store, one.bus, registry);

    private void settle() {
        for (int i = 0; i < 5; i++) {
            one.settle();
            two.settle();
        }
    }

    private void advance(Duration duration) {
        one.clock.advance(duration);
        two.clock.advance(duration);
    }

    private static List<String> changes(GatewayFixture gw, ClientId client) {
        return gw.channel.messages(client, ServerMessage.MemberChanged.class).stream()
                .map(m -> m.kind().wireName() + " " + m.member().clientId()).toList();
    }

    private static List<String> presence(GatewayFixture gw, ClientId client) {
        List<ServerMessage.Presence> answers = gw.channel.messages(client, ServerMessage.Presence.class);
        assertThat(answers).isNotEmpty();
        return answers.get(answers.size() - 1).members().stream().map(m -> m.clientId().value()).toList();
    }

    private static void ask(GatewayFixture gw, ClientId client, JobId job) {
        gw.core.requestPresence().requestPresence(client, job, Optional.of(new RequestId("p")));
    }

    @Test
    void membersOfEveryInstanceAreListedFirstJoinedFirst() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        settle();
        advance(Duration.ofMillis(5));
        two.subscribe(bob, ROOM.value(), null);
        settle();

        ask(one, alice, ROOM);
        ask(two, bob, ROOM);
        settle();
        assertThat(presence(one, alice)).containsExactly("alice", "bob");
        assertThat(presence(two, bob)).containsExactly("alice", "bob");
        ServerMessage.Presence answer = one.channel.messages(alice, ServerMessage.Presence.class).get(0);
        assertThat(answer.requestId()).contains("p");
        assertThat(answer.jobId()).isEqualTo(ROOM);
        assertThat(one.core.presenceMembers()).isEqualTo(1);
        assertThat(one.core.presenceChannels()).isEqualTo(1);
    }

    @Test
    void aConnectionSeesItselfAtOnceEvenBeforeTheRegistryWriteRan() {
        ClientId alice = one.connect("alice");
        one.subscribe(alice, ROOM.value(), null);
        ask(one, alice, ROOM);
        one.tasks.runAll();
        assertThat(presence(one, alice)).containsExactly("alice");
    }

    @Test
    void theOthersAreToldOfJoinsAndLeavesAcrossInstancesButNotTheMemberItself() {
        ClientId alice = one.connect("alice");
        ClientId carol = one.connect("carol");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        settle();
        two.subscribe(bob, ROOM.value(), null);
        settle();
        one.subscribe(carol, ROOM.value(), null);
        settle();
        two.core.unsubscribe().unsubscribe(bob, ROOM, Optional.empty());
        settle();
        one.core.disconnectClient().disconnect(carol, "closed");
        settle();

        assertThat(changes(one, alice)).containsExactly("join bob", "join carol", "leave bob", "leave carol");
        assertThat(changes(two, bob)).as("bob was there before carol only").containsExactly("join carol");
        assertThat(changes(one, carol)).containsExactly("leave bob");
    }

    @Test
    void aMemberWhoWasThereBeforeIsNotAnnouncedAsJoining() {
        ClientId bob = two.connect("bob");
        two.subscribe(bob, ROOM.value(), null);
        settle();
        ClientId alice = one.connect("alice");
        one.subscribe(alice, ROOM.value(), null);
        settle();
        assertThat(changes(one, alice)).isEmpty();
        two.core.unsubscribe().unsubscribe(bob, ROOM, Optional.empty());
        settle();
        assertThat(changes(one, alice)).containsExactly("leave bob");
    }

    @Test
    void repeatedAndLateNoticesChangeNothing() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        settle();
        two.subscribe(bob, ROOM.value(), null);
        two.tasks.runAll();
        List<PresenceNotice> joinOfBob = one.bus.presenceOutbox();
        settle();
        two.core.unsubscribe().unsubscribe(bob, ROOM, Optional.empty());
        settle();
        joinOfBob.forEach(one.bus::deliver);
        joinOfBob.forEach(one.bus::deliver);
        settle();
        assertThat(changes(one, alice)).containsExactly("join bob", "leave bob");
    }

    @Test
    void aLostNoticeIsRepairedAtTheNextRefresh() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        settle();
        two.subscribe(bob, ROOM.value(), null);
        two.tasks.runAll();
        one.bus.dropPresenceNotices();
        settle();
        assertThat(changes(one, alice)).isEmpty();

        one.core.refreshPresence();
        settle();
        assertThat(changes(one, alice)).containsExactly("join bob");
    }

    @Test
    void theMembersOfAnInstanceThatStopsRenewingLeaveWithinTheTtl() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        two.subscribe(bob, ROOM.value(), null);
        settle();

        // instance two dies: it refreshes no more; instance one refreshes every ttl/3
        Duration interval = registry.ttl().refreshInterval();
        for (int i = 0; i < 3; i++) {
            advance(interval);
            one.core.refreshPresence();
            one.settle();
        }
        ask(one, alice, ROOM);
        one.settle();
        assertThat(presence(one, alice)).as("at the TTL after two's last sign of life").containsExactly("alice");
        assertThat(changes(one, alice)).containsExactly("join bob", "leave bob");
    }

    @Test
    void aRegistryThatLostItsStateIsWrittenBackByTheNextRefresh() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        two.subscribe(bob, ROOM.value(), null);
        settle();
        registry.lose();
        assertThat(registry.members(ROOM)).isEmpty();

        two.core.refreshPresence();
        one.core.refreshPresence();
        settle();
        assertThat(registry.members(ROOM)).extracting(m -> m.member().clientId().value())
                .containsExactlyInAnyOrder("alice", "bob");
        ask(one, alice, ROOM);
        one.settle();
        assertThat(presence(one, alice)).containsExactlyInAnyOrder("alice", "bob");
        assertThat(changes(one, alice)).as("no one left or came back").containsExactly("join bob");
    }

    @Test
    void whileTheRegistryIsUnreachableAMemberIsAnsweredFromTheViewAndRestSaysStoreUnavailable() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        two.subscribe(bob, ROOM.value(), null);
        settle();
        registry.setAvailable(false);
        ask(one, alice, ROOM);
        one.settle();
        assertThat(presence(one, alice)).containsExactlyInAnyOrder("alice", "bob");
        assertThatThrownBy(() -> one.core.readPresence().read(JobId.of("room:empty"), Credentials.none()))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    @Test
    void aLeaveTheRegistryDidNotTakeIsWrittenAtTheNextRefresh() {
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        one.subscribe(alice, ROOM.value(), null);
        two.subscribe(bob, ROOM.value(), null);
        settle();
        registry.setAvailable(false);
        two.core.unsubscribe().unsubscribe(bob, ROOM, Optional.empty());
        settle();
        registry.setAvailable(true);
        assertThat(registry.members(ROOM)).as("the leave was lost").hasSize(2);

        two.core.refreshPresence();
        settle();
        assertThat(registry.members(ROOM)).extracting(m -> m.member().clientId().value()).containsExactly("alice");
    }

    @Test
    void quietNamespacesTrackMembersWithoutTellingAnyone() {
        ClientId alice = one.connect("alice");
        ClientId bob = one.connect("bob");
        one.subscribe(alice, QUIET.value(), null);
        one.subscribe(bob, QUIET.value(), null);
        settle();
        ask(one, alice, QUIET);
        one.settle();
        assertThat(presence(one, alice)).containsExactly("alice", "bob");
        assertThat(changes(one, alice)).isEmpty();
    }

    @Test
    void refusals() {
        ClientId alice = one.connect("alice");
        one.subscribe(alice, PLAIN.value(), null);
        settle();
        ask(one, alice, PLAIN);
        ask(one, alice, ROOM);
        one.settle();
        assertThat(one.channel.errors(alice)).extracting(ServerMessage.Error::code)
                .containsExactly(ErrorCode.BAD_REQUEST, ErrorCode.FORBIDDEN);
        assertThat(one.channel.errors(alice)).allSatisfy(e -> assertThat(e.requestId()).contains("p"));
        assertThat(one.core.presenceMembers()).as("the default namespace tracks no one").isZero();
        assertThatThrownBy(() -> one.core.readPresence().read(PLAIN, Credentials.none()))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void restNeedsSubscribeOnTheJobOrAdminAndShowsUsers() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("ann", new Grant(EnumSet.of(Scope.SUBSCRIBE), false, Set.of(ROOM), Optional.empty(), Optional.of("ann")))
                .grant("other", new Grant(EnumSet.of(Scope.SUBSCRIBE), false, Set.of(PLAIN), Optional.empty(), Optional.of("o")))
                .grant("admin", new Grant(EnumSet.of(Scope.ADMIN), false, Set.of(), Optional.empty(), Optional.of("root")));
        GatewayFixture gw = new GatewayFixture(SETTINGS, Optional.of(tokens));
        ClientId tab1 = ClientId.of("tab1");
        ClientId tab2 = ClientId.of("tab2");
        gw.connect("tab1", null, "127.0.0.1", Credentials.bearer("ann"));
        gw.connect("tab2", null, "127.0.0.1", Credentials.bearer("ann"));
        gw.subscribe(tab1, ROOM.value(), null);
        gw.subscribe(tab2, ROOM.value(), null);
        gw.settle();

        List<Member> members = gw.core.readPresence().read(ROOM, Credentials.bearer("ann")).members();
        assertThat(members).extracting(m -> m.clientId().value()).containsExactlyInAnyOrder("tab1", "tab2");
        assertThat(members).extracting(Member::user).containsOnly(Optional.of("ann"));
        assertThat(gw.core.readPresence().read(ROOM, Credentials.bearer("admin")).members()).hasSize(2);
        assertThatThrownBy(() -> gw.core.readPresence().read(ROOM, Credentials.bearer("other")))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> gw.core.readPresence().read(ROOM, Credentials.none()))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
