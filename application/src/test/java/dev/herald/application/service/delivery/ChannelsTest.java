package dev.herald.application.service.delivery;

import dev.herald.application.port.in.ClientPublishCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.ScriptedEventBus;
import dev.herald.application.testing.TestEventStore;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelCreationLimit;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.History;
import dev.herald.domain.channel.Namespace;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.Sender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Namespaces at work: client publishing to durable and ephemeral channels, relaying across
 * instances, the sender left out, nothing stored for an ephemeral channel, the refusals, and the
 * limit on creating ephemeral channels.
 */
class ChannelsTest {

    private static final JobId LOBBY = JobId.of("chat:lobby");
    private static final JobId GAME = JobId.of("game:7");
    private static final ChannelPolicy POLICY = ChannelPolicy.of(Map.of(
            new Namespace("chat"), new NamespaceOptions(History.NONE, true, false, false),
            new Namespace("game"), new NamespaceOptions(History.DURABLE, true, false, false),
            new Namespace("feed"), new NamespaceOptions(History.NONE, false, false, false)));

    private final GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults().withChannelPolicy(POLICY));

    private void publish(ClientId client, JobId channel, String type, String payload, String requestId) {
        gw.core.clientPublish().publish(new ClientPublishCommand(client, channel, EventType.of(type), payload,
                Optional.ofNullable(requestId).map(RequestId::new)));
    }

    private static List<String> relayedPayloads(GatewayFixture gw, ClientId client) {
        return gw.channel.messages(client, ServerMessage.Relayed.class).stream().map(r -> r.event().payload()).toList();
    }

    @Test
    void subscribingToAnEphemeralChannelAnswersAtZeroWithoutTouchingTheStore() {
        gw.store.setAvailable(false);
        ClientId alice = gw.connect("alice");
        gw.subscribe(alice, "chat:lobby", 5L, "s1");
        gw.settle();
        assertThat(gw.channel.messages(alice)).containsExactly(
                new ServerMessage.Subscribed(LOBBY, 0, 0, Optional.of("s1")),
                new ServerMessage.CaughtUp(LOBBY, 0, 0, 0));
        assertThat(gw.store.reads()).isZero();
    }

    @Test
    void anEphemeralPublishReachesTheOthersNotTheSenderAndIsNotStored() {
        ClientId alice = gw.connect("alice");
        ClientId bob = gw.connect("bob");
        ClientId carol = gw.connect("carol");
        gw.subscribe(alice, "chat:lobby", null);
        gw.subscribe(bob, "chat:lobby", null);
        gw.settle();

        publish(alice, LOBBY, "chat.message", "{\"ciphertext\":\"q83v\"}", "p1");
        gw.settle();

        assertThat(gw.channel.messages(alice, ServerMessage.Published.class))
                .containsExactly(new ServerMessage.Published(LOBBY, OptionalLong.empty(), Optional.of("p1")));
        assertThat(gw.channel.messages(alice, ServerMessage.Relayed.class)).isEmpty();
        List<ServerMessage.Relayed> atBob = gw.channel.messages(bob, ServerMessage.Relayed.class);
        assertThat(atBob).hasSize(1);
        RelayedEvent event = atBob.get(0).event();
        assertThat(event.payload()).isEqualTo("{\"ciphertext\":\"q83v\"}");
        assertThat(event.eventType()).isEqualTo(EventType.of("chat.message"));
        assertThat(event.from()).contains(new Sender(alice, Optional.empty()));
        assertThat(gw.channel.messages(carol)).isEmpty();

        assertThat(gw.store.headSeq(LOBBY)).isZero();
        assertThat(gw.store.facts(LOBBY)).isEmpty();
        assertThat(gw.channel.messages(bob, ServerMessage.Event.class)).isEmpty();
    }

    @Test
    void aRelayReachesTheChannelsMembersOnEveryInstanceInTheOrderSent() {
        ScriptedEventBus bus = new ScriptedEventBus();
        TestEventStore store = new TestEventStore();
        GatewaySettings settings = GatewaySettings.defaults().withChannelPolicy(POLICY);
        GatewayFixture one = new GatewayFixture(settings, Optional.empty(), store, bus);
        GatewayFixture two = new GatewayFixture(settings, Optional.empty(), store, bus);
        ClientId alice = one.connect("alice");
        ClientId bob = two.connect("bob");
        ClientId dave = two.connect("dave");
        one.subscribe(alice, "chat:lobby", null);
        two.subscribe(bob, "chat:lobby", null);
        two.subscribe(dave, "chat:lobby", null);
        one.settle();
        two.settle();

        for (int n = 1; n <= 50; n++) {
            one.core.clientPublish().publish(new ClientPublishCommand(alice, LOBBY, EventType.of("chat.message"),
                    "\"m" + n + "\"", Optional.empty()));
        }
        List<String> expected = IntStream.rangeClosed(1, 50).mapToObj(n -> "\"m" + n + "\"").toList();
        assertThat(relayedPayloads(two, bob)).containsExactlyElementsOf(expected);
        assertThat(relayedPayloads(two, dave)).containsExactlyElementsOf(expected);
        assertThat(relayedPayloads(one, alice)).isEmpty();
        assertThat(bus.relayed()).hasSize(50);
    }

    @Test
    void anUnsubscribedMemberGetsNothingMoreAndAnEmptyChannelIsGone() {
        ClientId alice = gw.connect("alice");
        ClientId bob = gw.connect("bob");
        gw.subscribe(alice, "chat:lobby", null);
        gw.subscribe(bob, "chat:lobby", null);
        gw.settle();
        assertThat(gw.bus.relayListenerCount(LOBBY)).isEqualTo(1);

        gw.core.unsubscribe().unsubscribe(bob, LOBBY, Optional.empty());
        publish(alice, LOBBY, "chat.message", "\"after\"", null);
        assertThat(gw.channel.messages(bob, ServerMessage.Relayed.class)).isEmpty();

        gw.core.disconnectClient().disconnect(alice, "closed by the test");
        assertThat(gw.bus.relayListenerCount(LOBBY)).isZero();
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.none()).subscriptionsByJob()).isEmpty();
    }

    @Test
    void aDurableClientPublishIsStoredWithItsSenderAndALateJoinerCatchesUp() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("ann", grant(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), Optional.of("ann@example.com")))
                .grant("ben", grant(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), Optional.empty()));
        GatewayFixture secured = new GatewayFixture(GatewaySettings.defaults().withChannelPolicy(POLICY),
                Optional.of(tokens));
        ClientId ann = ClientId.of("ann-1");
        ClientId ben = ClientId.of("ben-1");
        assertThat(secured.connect("ann-1", null, "10.0.0.1", Credentials.bearer("ann")).isAccepted()).isTrue();
        assertThat(secured.connect("ben-1", null, "10.0.0.2", Credentials.bearer("ben")).isAccepted()).isTrue();
        secured.subscribe(ann, "game:7", null);
        secured.settle();

        secured.core.clientPublish().publish(new ClientPublishCommand(ann, GAME, EventType.of("player.ready"),
                "{\"ready\":true}", Optional.of(new RequestId("r1"))));
        secured.core.clientPublish().publish(new ClientPublishCommand(ben, GAME, EventType.of("phase.changed"),
                "{\"phase\":\"draw\"}", Optional.empty()));
        secured.settle();

        assertThat(secured.channel.messages(ann, ServerMessage.Published.class))
                .containsExactly(new ServerMessage.Published(GAME, OptionalLong.of(1), Optional.of("r1")));
        assertThat(secured.channel.messages(ben, ServerMessage.Published.class))
                .containsExactly(new ServerMessage.Published(GAME, OptionalLong.of(2), Optional.empty()));
        // the sender, subscribed, gets its own event too, as with a REST publish
        assertThat(secured.channel.eventSeqs(ann, GAME)).containsExactly(1L, 2L);
        assertThat(secured.store.readAfter(GAME, 0, 10)).extracting(JobEvent::from).containsExactly(
                Optional.of(new Sender(ann, Optional.of("ann@example.com"))), Optional.of(new Sender(ben, Optional.empty())));

        ClientId late = ClientId.of("late-1");
        secured.connect("late-1", null, "10.0.0.3", Credentials.bearer("ben"));
        secured.subscribe(late, "game:7", null);
        secured.settle();
        List<ServerMessage.Event> replayed = secured.channel.messages(late, ServerMessage.Event.class);
        assertThat(replayed).extracting(e -> e.event().seq()).containsExactly(1L, 2L);
        assertThat(replayed).allMatch(ServerMessage.Event::replay);
        assertThat(replayed.get(0).event().from()).contains(new Sender(ann, Optional.of("ann@example.com")));
        assertThat(secured.channel.messages(late, ServerMessage.CaughtUp.class))
                .containsExactly(new ServerMessage.CaughtUp(GAME, 2, 2, 0));
    }

    @Test
    void refusals() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("listener", grant(Set.of(Scope.SUBSCRIBE), Optional.of("u")))
                .grant("other-job", new Grant(EnumSet.of(Scope.SUBSCRIBE, Scope.PUBLISH), false,
                        Set.of(JobId.of("chat:elsewhere")), Optional.empty(), Optional.of("u")))
                .grant("full", grant(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), Optional.of("u")));
        GatewaySettings settings = GatewaySettings.defaults().withChannelPolicy(POLICY);
        GatewayFixture secured = new GatewayFixture(settings, Optional.of(tokens));
        ClientId listener = ClientId.of("listener-1");
        ClientId otherJob = ClientId.of("other-1");
        ClientId full = ClientId.of("full-1");
        secured.connect("listener-1", null, "10.0.0.1", Credentials.bearer("listener"));
        secured.connect("other-1", null, "10.0.0.1", Credentials.bearer("other-job"));
        secured.connect("full-1", null, "10.0.0.1", Credentials.bearer("full"));

        secured.core.clientPublish().publish(new ClientPublishCommand(listener, LOBBY, EventType.of("m"), "1",
                Optional.of(new RequestId("a"))));
        secured.core.clientPublish().publish(new ClientPublishCommand(otherJob, LOBBY, EventType.of("m"), "1",
                Optional.of(new RequestId("b"))));
        secured.core.clientPublish().publish(new ClientPublishCommand(full, JobId.of("feed:news"), EventType.of("m"), "1",
                Optional.of(new RequestId("c"))));
        secured.core.clientPublish().publish(new ClientPublishCommand(full, JobId.of("job-1"), EventType.of("m"), "1",
                Optional.of(new RequestId("d"))));
        secured.store.setAvailable(false);
        secured.core.clientPublish().publish(new ClientPublishCommand(full, GAME, EventType.of("m"), "1",
                Optional.of(new RequestId("e"))));
        secured.settle();

        assertThat(secured.channel.errors(listener)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.message()).contains("publish scope");
            assertThat(e.jobId()).contains(LOBBY);
            assertThat(e.requestId()).contains("a");
        });
        assertThat(secured.channel.errors(otherJob)).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(secured.channel.errors(full)).extracting(ServerMessage.Error::code)
                .containsExactly(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN, ErrorCode.STORE_UNAVAILABLE);
        assertThat(secured.channel.errors(full).get(1).message()).contains("namespace default");
        assertThat(secured.channel.closeCode(full)).isEmpty();
        assertThat(secured.bus.relayed()).isEmpty();
        assertThat(secured.channel.messages(full, ServerMessage.Published.class)).isEmpty();
    }

    @Test
    void anEventOverTheSizeLimitIsRefused() {
        GatewayFixture small = new GatewayFixture(GatewaySettings.defaults().withChannelPolicy(POLICY)
                .withEventSizeLimit(new dev.herald.domain.job.EventSizeLimit(64)));
        ClientId alice = small.connect("alice");
        small.core.clientPublish().publish(new ClientPublishCommand(alice, LOBBY, EventType.of("m"),
                "\"" + "x".repeat(100) + "\"", Optional.empty()));
        assertThat(small.channel.errors(alice)).extracting(ServerMessage.Error::code)
                .containsExactly(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(small.bus.relayed()).isEmpty();
    }

    @Test
    void withTheBusDownARelayStillReachesThisInstancesMembers() {
        ClientId alice = gw.connect("alice");
        ClientId bob = gw.connect("bob");
        gw.subscribe(alice, "chat:lobby", null);
        gw.subscribe(bob, "chat:lobby", null);
        gw.settle();
        gw.bus.setAvailable(false);
        publish(alice, LOBBY, "chat.message", "\"x\"", null);
        assertThat(relayedPayloads(gw, bob)).containsExactly("\"x\"");
        assertThat(gw.channel.messages(alice, ServerMessage.Published.class)).hasSize(1);
    }

    @Test
    void aRelayArrivingBeforeTheFirstRepliesFollowsThem() {
        RelaySubscription subscription = new RelaySubscription(gw.channel, new dev.herald.application.port.out.Telemetry() {
        }, ClientId.of("x"), LOBBY, Optional.empty(), 10);
        ServerMessage.Relayed early = new ServerMessage.Relayed(new RelayedEvent(LOBBY, EventType.of("m"),
                Instant.EPOCH, "1", Optional.empty()));
        subscription.onRelayed(early);
        subscription.start();
        assertThat(gw.channel.messages(ClientId.of("x"))).containsExactly(
                new ServerMessage.Subscribed(LOBBY, 0, 0, Optional.empty()), new ServerMessage.CaughtUp(LOBBY, 0, 0, 0),
                early);
    }

    @Test
    void aWorkersRestPublishToAnEphemeralChannelIsRelayedNotStored() {
        ClientId bob = gw.connect("bob");
        gw.subscribe(bob, "chat:lobby", null);
        gw.settle();
        PublishedEvent published = gw.publish("chat:lobby", "notice", "\"maintenance at noon\"");
        assertThat(published.stored()).isFalse();
        assertThat(gw.store.headSeq(LOBBY)).isZero();
        List<ServerMessage.Relayed> atBob = gw.channel.messages(bob, ServerMessage.Relayed.class);
        assertThat(atBob).singleElement().satisfies(r -> assertThat(r.event().from()).isEmpty());

        assertThatThrownBy(() -> gw.core.publishEvent().publish(new PublishEventCommand(LOBBY, EventType.of("n"), "1",
                Credentials.none(), Optional.of(new IdempotencyKey("k1")))))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> gw.core.publishBatch().publishBatch(new PublishBatchCommand(LOBBY,
                List.of(new NewEvent(EventType.of("n"), "1")), Credentials.none(), Optional.empty())))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(gw.store.headSeq(LOBBY)).isZero();
    }

    @Test
    void newEphemeralChannelsPerAddressAreLimitedPerMinute() {
        GatewayFixture limited = new GatewayFixture(GatewaySettings.defaults().withChannelPolicy(
                POLICY.withCreationLimit(ChannelCreationLimit.perMinute(2))));
        ClientId a1 = ClientId.of("a1");
        ClientId a2 = ClientId.of("a2");
        ClientId b1 = ClientId.of("b1");
        limited.connect("a1", null, "10.0.0.1", Credentials.none());
        limited.connect("a2", null, "10.0.0.1", Credentials.none());
        limited.connect("b1", null, "10.0.0.2", Credentials.none());

        limited.subscribe(a1, "chat:one", null);
        limited.subscribe(a1, "chat:two", null);
        limited.subscribe(a1, "chat:three", null, "third");
        // joining a channel that has a member creates nothing; durable jobs never count
        limited.subscribe(a2, "chat:one", null);
        limited.subscribe(a2, "game:7", null);
        limited.subscribe(a2, "game:8", null);
        // another address has its own budget
        limited.subscribe(b1, "chat:four", null);
        limited.settle();

        assertThat(limited.channel.errors(a1)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.jobId()).contains(JobId.of("chat:three"));
            assertThat(e.requestId()).contains("third");
        });
        assertThat(limited.channel.closeCode(a1)).isEmpty();
        assertThat(limited.channel.errors(a2)).isEmpty();
        assertThat(limited.channel.errors(b1)).isEmpty();

        // a channel emptied and opened again is a new creation
        limited.core.unsubscribe().unsubscribe(a1, JobId.of("chat:two"), Optional.empty());
        limited.subscribe(a1, "chat:two", null);
        limited.settle();
        assertThat(limited.channel.errors(a1)).hasSize(2);

        limited.clock.advance(Duration.ofMinutes(1));
        limited.subscribe(a1, "chat:three", null);
        limited.settle();
        assertThat(limited.channel.errors(a1)).hasSize(2);
        assertThat(limited.channel.messages(a1, ServerMessage.CaughtUp.class)).extracting(ServerMessage.CaughtUp::jobId)
                .contains(JobId.of("chat:three"));
    }

    private static Grant grant(Set<Scope> scopes, Optional<String> subject) {
        return new Grant(scopes, true, Set.of(), Optional.empty(), subject);
    }
}
