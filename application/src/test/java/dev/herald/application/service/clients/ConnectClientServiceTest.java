package dev.herald.application.service.clients;

import dev.herald.application.port.in.Admission;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.ConnectionCaps;
import dev.herald.domain.client.OriginAllowList;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectClientServiceTest {

    private static GatewayFixture withCaps(int total, int perOrigin, int perAddress) {
        return new GatewayFixture(GatewaySettings.defaults().withConnectionCaps(new ConnectionCaps(total, perOrigin, perAddress)));
    }

    private static void assertRejected(GatewayFixture gw, String client, Admission admission, ErrorCode code,
                                       String message, int closeCode) {
        assertThat(admission.isAccepted()).isFalse();
        assertThat(admission.rejection().orElseThrow().code()).isEqualTo(code);
        ClientId id = ClientId.of(client);
        assertThat(gw.channel.messages(id)).containsExactly(ServerMessage.Error.of(code, message));
        assertThat(gw.channel.closeCode(id)).hasValue(closeCode);
    }

    @Test
    void theGatewayWideCapRejectsTheConnectionPastItWithErrorThenClose4429() {
        GatewayFixture gw = withCaps(2, 0, 0);
        assertThat(gw.connect("a", "https://app", "10.0.0.1", Credentials.none()).isAccepted()).isTrue();
        assertThat(gw.connect("b", "https://other", "10.0.0.2", Credentials.none()).isAccepted()).isTrue();
        Admission third = gw.connect("c", "https://third", "10.0.0.3", Credentials.none());
        assertRejected(gw, "c", third, ErrorCode.CONNECTION_LIMIT, "Too many realtime connections", 4429);

        GatewayMetrics metrics = gw.core.readGatewayMetrics().metrics(Credentials.none());
        assertThat(metrics.activeConnections()).isEqualTo(2);
        assertThat(metrics.rejections()).containsEntry("CONNECTION_LIMIT", 1L);
    }

    @Test
    void aClosedConnectionFreesItsSlot() {
        GatewayFixture gw = withCaps(1, 0, 0);
        gw.connect("a", null, "10.0.0.1", Credentials.none());
        gw.core.disconnectClient().disconnect(ClientId.of("a"), "closed by client");
        assertThat(gw.connect("b", null, "10.0.0.1", Credentials.none()).isAccepted()).isTrue();
    }

    @Test
    void thePerOriginCapCountsEachOriginApart() {
        GatewayFixture gw = withCaps(0, 2, 0);
        gw.connect("a1", "https://a", "10.0.0.1", Credentials.none());
        gw.connect("a2", "https://a", "10.0.0.2", Credentials.none());
        assertThat(gw.connect("b1", "https://b", "10.0.0.3", Credentials.none()).isAccepted()).isTrue();
        Admission a3 = gw.connect("a3", "https://a", "10.0.0.4", Credentials.none());
        assertRejected(gw, "a3", a3, ErrorCode.ORIGIN_LIMIT, "Too many connections from this origin", 4429);
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.none()).connectionsByOrigin())
                .isEqualTo(Map.of("https://a", 2, "https://b", 1));
    }

    @Test
    void thePerAddressCapCountsEachAddressApart() {
        GatewayFixture gw = withCaps(0, 0, 1);
        gw.connect("a", null, "10.0.0.1", Credentials.none());
        assertThat(gw.connect("b", null, "10.0.0.2", Credentials.none()).isAccepted()).isTrue();
        Admission again = gw.connect("c", null, "10.0.0.1", Credentials.none());
        assertRejected(gw, "c", again, ErrorCode.IP_LIMIT, "Too many connections from this address", 4429);
    }

    @Test
    void anOriginOutsideTheAllowListIsRejectedWith4403() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withAllowedOrigins(OriginAllowList.of(List.of("https://app.example"))));
        assertThat(gw.connect("ok", "https://APP.example/", "10.0.0.1", Credentials.none()).isAccepted()).isTrue();
        assertThat(gw.connect("tool", null, "10.0.0.1", Credentials.none()).isAccepted()).isTrue();
        Admission evil = gw.connect("evil", "https://evil.example", "10.0.0.9", Credentials.none());
        assertRejected(gw, "evil", evil, ErrorCode.ORIGIN_NOT_ALLOWED, "Origin not allowed", 4403);
    }

    @Test
    void withAuthOnAMissingOrInvalidTokenIsRejectedWith4401() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("good", new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.empty(), Optional.empty()))
                .grant("publisher", new Grant(Set.of(Scope.PUBLISH), true, Set.of(), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));

        assertRejected(gw, "none", gw.connect("none", null, "10.0.0.1", Credentials.none()),
                ErrorCode.UNAUTHORIZED, "A token is required", 4401);
        assertRejected(gw, "bad", gw.connect("bad", null, "10.0.0.1", Credentials.bearer("forged")),
                ErrorCode.UNAUTHORIZED, "Invalid token", 4401);
        assertRejected(gw, "pub", gw.connect("pub", null, "10.0.0.1", Credentials.bearer("publisher")),
                ErrorCode.UNAUTHORIZED, "The token does not grant the subscribe scope", 4401);
        assertThat(gw.connect("ok", null, "10.0.0.1", Credentials.bearer("good")).isAccepted()).isTrue();
    }

    @Test
    void aSubscribeOutsideTheTokensJobsIsForbiddenAndTheConnectionStays() {
        FakeTokenVerifier tokens = new FakeTokenVerifier().grant("t", new Grant(Set.of(Scope.SUBSCRIBE), false,
                Set.of(dev.herald.domain.job.JobId.of("mine")), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));
        gw.connect("c", null, "10.0.0.1", Credentials.bearer("t"));
        ClientId client = ClientId.of("c");
        gw.subscribe(client, "theirs", null, "x");
        gw.subscribe(client, "mine", null);
        gw.settle();
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code, ServerMessage.Error::requestId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.FORBIDDEN, Optional.of("x")));
        assertThat(gw.channel.closeCode(client)).isEmpty();
        assertThat(gw.channel.messages(client, ServerMessage.CaughtUp.class)).hasSize(1);
    }

    @Test
    void aConnectionWhoseTokenExpiredKeepsItsSubscriptionsButCannotAddNewOnesUntilItRefreshes() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("worker", new Grant(Set.of(Scope.PUBLISH), true, Set.of(), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));
        tokens.grant("t", new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(),
                Optional.of(gw.clock.instant().plus(Duration.ofMinutes(1))), Optional.empty()));
        gw.connect("c", null, "10.0.0.1", Credentials.bearer("t"));
        ClientId client = ClientId.of("c");
        gw.subscribe(client, "first", null);
        gw.settle();

        gw.clock.advance(Duration.ofMinutes(2));
        gw.subscribe(client, "second", null);
        gw.core.publishEvent().publish(new dev.herald.application.port.in.PublishEventCommand(
                dev.herald.domain.job.JobId.of("first"), dev.herald.domain.job.EventType.of("step"), "{}",
                Credentials.bearer("worker")));
        gw.settle();
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.TOKEN_EXPIRED);
        assertThat(gw.channel.eventSeqs(client, dev.herald.domain.job.JobId.of("first"))).containsExactly(1L);
        assertThat(gw.channel.closeCode(client)).isEmpty();
    }

    @Test
    void anAddressOpeningConnectionsTooFastIsRefusedUntilItsWindowEnds() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withConnectionRateLimit(new dev.herald.domain.client.ConnectionRateLimit(3, Duration.ofMinutes(1))));
        for (int i = 0; i < 3; i++) {
            assertThat(gw.connect("ok-" + i, null, "10.9.9.9", Credentials.none()).isAccepted()).isTrue();
            gw.core.disconnectClient().disconnect(ClientId.of("ok-" + i), "closed by client");
        }
        Admission fourth = gw.connect("fast", null, "10.9.9.9", Credentials.none());
        assertRejected(gw, "fast", fourth, ErrorCode.IP_LIMIT, "Too many new connections from this address; retry later", 4429);
        assertThat(gw.connect("other", null, "10.9.9.10", Credentials.none()).isAccepted()).isTrue();

        gw.clock.advance(Duration.ofMinutes(1));
        assertThat(gw.connect("later", null, "10.9.9.9", Credentials.none()).isAccepted()).isTrue();
    }

    @Test
    void rateLimitedAttemptsAreRefusedBeforeTheirTokenIsChecked() {
        FakeTokenVerifier tokens = new FakeTokenVerifier();
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withConnectionRateLimit(new dev.herald.domain.client.ConnectionRateLimit(2, Duration.ofMinutes(1))),
                Optional.of(tokens));
        gw.connect("g1", null, "10.1.1.1", Credentials.bearer("guess-1"));
        gw.connect("g2", null, "10.1.1.1", Credentials.bearer("guess-2"));
        Admission third = gw.connect("g3", null, "10.1.1.1", Credentials.bearer("guess-3"));
        assertThat(third.rejection().orElseThrow().code()).isEqualTo(ErrorCode.IP_LIMIT);
    }

    @Test
    void whileDrainingNewConnectionsAreRefusedWith1001AndConnectedOnesAreToldToLeave() {
        GatewayFixture gw = new GatewayFixture();
        ClientId client = gw.connect("c1");
        gw.core.drainGateway().beginDrain();
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.SHUTTING_DOWN);
        assertThat(gw.channel.closeCode(client)).hasValue(1001);
        assertThat(gw.core.drainGateway().drained()).isFalse(); // until the transport reports the close

        Admission late = gw.connect("late", null, "10.0.0.1", Credentials.none());
        assertThat(late.rejection().orElseThrow().code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
        assertThat(gw.channel.closeCode(ClientId.of("late"))).hasValue(1001);

        gw.core.disconnectClient().disconnect(client, "closed");
        assertThat(gw.core.drainGateway().drained()).isTrue();
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.none()).draining()).isTrue();
    }
}
