package dev.herald.application.service.clients;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.RefreshCommand;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.auth.TokenExpiry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code refresh}, {@code TOKEN_EXPIRED} and the grace period, on a manual clock. */
class TokenRefreshAndExpiryTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final JobId A = JobId.of("job-a");
    private static final JobId B = JobId.of("job-b");
    private static final JobId C = JobId.of("job-c");

    /** Counts what the token use cases report. */
    private static final class TokenTelemetry implements Telemetry {
        final Map<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void tokenRefreshed() {
            counts.merge("refreshed", 1, Integer::sum);
        }

        @Override
        public void tokenRefreshRefused(ErrorCode code) {
            counts.merge("refused " + code, 1, Integer::sum);
        }

        @Override
        public void tokenExpired() {
            counts.merge("expired", 1, Integer::sum);
        }

        @Override
        public void closedForExpiredToken() {
            counts.merge("closed", 1, Integer::sum);
        }
    }

    private final FakeTokenVerifier tokens = new FakeTokenVerifier();
    private final TokenTelemetry telemetry = new TokenTelemetry();
    private final GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), tokens, new TokenExpiry(GRACE), telemetry);
    private Instant start;

    @BeforeEach
    void tokens() {
        start = gw.clock.instant();
    }

    /** Registers {@code name} as a token of {@code sub} granting subscribe on {@code jobs}, valid for {@code ttl}. */
    private String token(String name, String sub, Duration ttl, JobId... jobs) {
        tokens.grant(name, new Grant(Set.of(Scope.SUBSCRIBE), false, Set.of(jobs), Optional.of(gw.clock.instant().plus(ttl)),
                Optional.ofNullable(sub)));
        return name;
    }

    private ClientId connect(String name, String token) {
        assertThat(gw.connect(name, null, "10.0.0.1", Credentials.bearer(token)).isAccepted()).isTrue();
        return ClientId.of(name);
    }

    private void refresh(ClientId client, String token, String requestId) {
        gw.core.refreshToken().refresh(new RefreshCommand(client, Credentials.bearer(token),
                Optional.ofNullable(requestId).map(RequestId::new)));
        gw.settle();
    }

    private void subscribe(ClientId client, JobId job, String requestId) {
        if (requestId == null) {
            gw.subscribe(client, job.value(), null);
        } else {
            gw.subscribe(client, job.value(), null, requestId);
        }
        gw.settle();
    }

    private List<ServerMessage> after(ClientId client, int count) {
        List<ServerMessage> all = gw.channel.messages(client);
        return all.subList(count, all.size());
    }

    private static Set<String> codes(List<ServerMessage.Error> errors) {
        return errors.stream().map(e -> e.code().name()).collect(Collectors.toSet());
    }

    @Test
    void aValidTokenForTheSameSubIsRefreshedAndItsGrantsApplyFromThenOn() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A));
        subscribe(client, A, "s1");
        String fresh = token("new", "alice", Duration.ofMinutes(60), A, B);
        int before = gw.channel.messages(client).size();

        refresh(client, fresh, "r1");

        assertThat(after(client, before)).containsExactly(
                new ServerMessage.Refreshed(Optional.of(start.plus(Duration.ofMinutes(60))), Optional.of("r1")));
        subscribe(client, B, "s2"); // the old token did not grant B
        assertThat(gw.channel.messages(client, ServerMessage.Subscribed.class)).extracting(ServerMessage.Subscribed::jobId)
                .containsExactly(A, B);
        assertThat(gw.channel.errors(client)).isEmpty();
        assertThat(telemetry.counts).containsEntry("refreshed", 1);
    }

    @Test
    void subscriptionsTheNewTokenDoesNotGrantEndWithUnsubscribedAfterRefreshed() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A, B, C));
        subscribe(client, A, null);
        subscribe(client, B, null);
        subscribe(client, C, null);
        int before = gw.channel.messages(client).size();

        refresh(client, token("narrow", "alice", Duration.ofMinutes(5), B), null);

        List<ServerMessage> replies = after(client, before);
        assertThat(replies.get(0)).isInstanceOf(ServerMessage.Refreshed.class);
        assertThat(replies.subList(1, replies.size())).containsExactlyInAnyOrder(
                new ServerMessage.Unsubscribed(A, Optional.empty()), new ServerMessage.Unsubscribed(C, Optional.empty()));
        publish("job-a");
        publish("job-b");
        publish("job-c");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, A)).isEmpty();
        assertThat(gw.channel.eventSeqs(client, C)).isEmpty();
        assertThat(gw.channel.eventSeqs(client, B)).containsExactly(1L);
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.bearer(adminToken())).totalSubscribers()).isEqualTo(1);
    }

    private void publish(String job) {
        tokens.grant("publisher", new Grant(Set.of(Scope.PUBLISH), true, Set.of(),
                Optional.of(gw.clock.instant().plusSeconds(60)), Optional.of("worker")));
        gw.core.publishEvent().publish(new PublishEventCommand(JobId.of(job), EventType.of("step"), "{}",
                Credentials.bearer("publisher")));
    }

    private String adminToken() {
        tokens.grant("admin", new Grant(Set.of(Scope.ADMIN), true, Set.of(), Optional.of(gw.clock.instant().plusSeconds(60)),
                Optional.of("ops")));
        return "admin";
    }

    @Test
    void anInvalidTokenIsUnauthorizedAndTheConnectionKeepsItsTokenAndStaysOpen() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A, B));
        subscribe(client, A, null);
        int before = gw.channel.messages(client).size();

        refresh(client, "garbage", "r1");

        ServerMessage.Error error = (ServerMessage.Error) after(client, before).get(0);
        assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error.requestId()).hasValue("r1");
        assertThat(gw.channel.closeCode(client)).isEmpty();
        subscribe(client, B, null); // still the old token's grants
        publish("job-a");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, A)).containsExactly(1L);
        assertThat(gw.channel.messages(client, ServerMessage.Subscribed.class)).hasSize(2);
        assertThat(telemetry.counts).containsEntry("refused UNAUTHORIZED", 1).doesNotContainKey("refreshed");
    }

    @Test
    void anExpiredOrMissingTokenIsUnauthorizedToo() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A));
        String stale = token("stale", "alice", Duration.ofSeconds(1), A);
        gw.clock.advance(Duration.ofSeconds(2));
        refresh(client, stale, "r1");
        refresh(client, "", "r2");
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code)
                .containsExactly(ErrorCode.UNAUTHORIZED, ErrorCode.UNAUTHORIZED);
        assertThat(gw.channel.closeCode(client)).isEmpty();
    }

    @Test
    void aTokenOfAnotherSubIsForbiddenAndSoIsOneWithoutTheSubscribeScope() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A));
        subscribe(client, A, null);
        refresh(client, token("bob", "bob", Duration.ofMinutes(5), A), "r1");
        tokens.grant("publish-only", new Grant(Set.of(Scope.PUBLISH), true, Set.of(),
                Optional.of(gw.clock.instant().plusSeconds(60)), Optional.of("alice")));
        refresh(client, "publish-only", "r2");

        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code, ServerMessage.Error::requestId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.FORBIDDEN, Optional.of("r1")),
                        org.assertj.core.groups.Tuple.tuple(ErrorCode.FORBIDDEN, Optional.of("r2")));
        assertThat(gw.channel.closeCode(client)).isEmpty();
        assertThat(gw.channel.messages(client, ServerMessage.Unsubscribed.class)).isEmpty();
        assertThat(telemetry.counts).containsEntry("refused FORBIDDEN", 2);
    }

    @Test
    void atExpiryTheClientIsToldOnceStaysAndKeepsReceivingThenIsClosedWhenTheGraceEnds() {
        ClientId client = connect("c1", token("short", "alice", Duration.ofMinutes(5), A, B));
        subscribe(client, A, null);
        gw.clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(gw.core.enforceTokenExpiry().enforceExpiry()).isZero();
        assertThat(gw.channel.errors(client)).isEmpty();

        gw.clock.advance(Duration.ofMillis(1));
        gw.core.enforceTokenExpiry().enforceExpiry();
        gw.core.enforceTokenExpiry().enforceExpiry();
        List<ServerMessage.Error> errors = gw.channel.errors(client);
        assertThat(errors).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.TOKEN_EXPIRED);
        assertThat(errors.get(0).message()).contains("refresh").contains("30000 ms");
        assertThat(gw.channel.closeCode(client)).isEmpty();

        publish("job-a"); // still receiving during the grace
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, A)).containsExactly(1L);
        subscribe(client, B, "late"); // but adding a subscription waits for a refresh
        ServerMessage.Error late = gw.channel.errors(client).get(1);
        assertThat(late.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(late.jobId()).hasValue(B);
        assertThat(late.requestId()).hasValue("late");

        gw.clock.advance(GRACE.minusMillis(1));
        assertThat(gw.core.enforceTokenExpiry().enforceExpiry()).isZero();
        assertThat(gw.channel.closeCode(client)).isEmpty();
        gw.clock.advance(Duration.ofMillis(1));
        assertThat(gw.core.enforceTokenExpiry().enforceExpiry()).isEqualTo(1);

        assertThat(gw.channel.closeCode(client)).hasValue(4401);
        ServerMessage.Error last = gw.channel.errors(client).get(2);
        assertThat(last.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(last.message()).contains("not refreshed");
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.bearer(adminToken())).activeConnections()).isZero();
        assertThat(telemetry.counts).containsEntry("expired", 1).containsEntry("closed", 1);
    }

    @Test
    void aRefreshDuringTheGraceKeepsTheConnectionAndTheNewTokenHasItsOwnExpiry() {
        ClientId client = connect("c1", token("short", "alice", Duration.ofMinutes(5), A, B));
        subscribe(client, A, null);
        gw.clock.advance(Duration.ofMinutes(5));
        gw.core.enforceTokenExpiry().enforceExpiry();
        gw.clock.advance(Duration.ofSeconds(10));

        refresh(client, token("renewed", "alice", Duration.ofMinutes(10), A, B), "r1");
        assertThat(gw.channel.messages(client).get(gw.channel.messages(client).size() - 1))
                .isEqualTo(new ServerMessage.Refreshed(Optional.of(gw.clock.instant().plus(Duration.ofMinutes(10))),
                        Optional.of("r1")));
        subscribe(client, B, "now-allowed");
        assertThat(gw.channel.messages(client, ServerMessage.Subscribed.class)).hasSize(2);

        gw.clock.advance(GRACE);
        assertThat(gw.core.enforceTokenExpiry().enforceExpiry()).isZero();
        assertThat(gw.channel.closeCode(client)).isEmpty();

        // the new token runs out in turn: told again, then closed after its own grace
        gw.clock.advance(Duration.ofMinutes(10).minus(GRACE));
        gw.core.enforceTokenExpiry().enforceExpiry();
        assertThat(codes(gw.channel.errors(client))).containsExactly("TOKEN_EXPIRED");
        assertThat(gw.channel.errors(client)).hasSize(2);
        gw.clock.advance(GRACE);
        gw.core.enforceTokenExpiry().enforceExpiry();
        assertThat(gw.channel.closeCode(client)).hasValue(4401);
    }

    @Test
    void aRefreshAfterTheGraceRanOutCannotUndoTheClose() {
        ClientId client = connect("c1", token("short", "alice", Duration.ofMinutes(5), A));
        String renewed = token("renewed", "alice", Duration.ofHours(1), A);
        gw.clock.advance(Duration.ofMinutes(5).plus(GRACE));
        gw.core.enforceTokenExpiry().enforceExpiry();
        int before = gw.channel.messages(client).size();
        refresh(client, renewed, "too-late");
        assertThat(gw.channel.messages(client)).hasSize(before);
        assertThat(gw.channel.closeCode(client)).hasValue(4401);
    }

    @Test
    void onlyTheExpiredConnectionIsTouched() {
        ClientId shortLived = connect("c1", token("short", "alice", Duration.ofMinutes(1), A));
        ClientId longLived = connect("c2", token("long", "bob", Duration.ofHours(1), A));
        subscribe(longLived, A, null);
        gw.clock.advance(Duration.ofMinutes(1).plus(GRACE));
        gw.core.enforceTokenExpiry().enforceExpiry();
        assertThat(gw.channel.closeCode(shortLived)).hasValue(4401);
        assertThat(gw.channel.closeCode(longLived)).isEmpty();
        assertThat(gw.channel.errors(longLived)).isEmpty();
        publish("job-a");
        gw.settle();
        assertThat(gw.channel.eventSeqs(longLived, A)).containsExactly(1L);
    }

    @Test
    void aZeroGraceClosesAtExpiryWithoutANotice() {
        GatewayFixture strict = new GatewayFixture(GatewaySettings.defaults(), tokens, TokenExpiry.ofMillis(0), telemetry);
        tokens.grant("t", new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(),
                Optional.of(strict.clock.instant().plusSeconds(60)), Optional.of("alice")));
        strict.connect("c1", null, "10.0.0.1", Credentials.bearer("t"));
        strict.clock.advance(Duration.ofSeconds(60));
        strict.core.enforceTokenExpiry().enforceExpiry();
        assertThat(strict.channel.errors(ClientId.of("c1"))).extracting(ServerMessage.Error::code)
                .containsExactly(ErrorCode.UNAUTHORIZED);
        assertThat(strict.channel.closeCode(ClientId.of("c1"))).hasValue(4401);
    }

    @Test
    void withAuthOffARefreshIsAnsweredWithoutExpiryAndNothingEverExpires() {
        GatewayFixture open = new GatewayFixture();
        ClientId client = open.connect("c1");
        open.subscribe(client, "job-a", null);
        open.core.refreshToken().refresh(new RefreshCommand(client, Credentials.bearer("anything"),
                Optional.of(new RequestId("r1"))));
        open.settle();
        assertThat(open.channel.messages(client)).contains(new ServerMessage.Refreshed(Optional.empty(), Optional.of("r1")));
        assertThat(open.channel.messages(client, ServerMessage.Unsubscribed.class)).isEmpty();
        open.clock.advance(Duration.ofDays(365));
        assertThat(open.core.enforceTokenExpiry().enforceExpiry()).isZero();
        assertThat(open.channel.errors(client)).isEmpty();
        assertThat(open.channel.closeCode(client)).isEmpty();
    }

    @Test
    void aRefreshForAClientThatIsGoneIsIgnored() {
        ClientId client = connect("c1", token("old", "alice", Duration.ofMinutes(5), A));
        gw.core.disconnectClient().disconnect(client, "closed by client");
        int before = gw.channel.messages(client).size();
        refresh(client, token("new", "alice", Duration.ofMinutes(5), A), null);
        assertThat(gw.channel.messages(client)).hasSize(before);
    }
}
