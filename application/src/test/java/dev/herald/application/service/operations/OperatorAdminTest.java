package dev.herald.application.service.operations;

import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.RevokeUserUseCase;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.service.HeraldCore;
import dev.herald.application.service.auth.UnsharedRevocationStore;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.settings.OperatorSettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.SharedClusterControl;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.ConnectionInfo;
import dev.herald.domain.operator.Revocation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API's rules on two instances sharing a cluster control and a revocation store, with
 * auth on: listing across instances, closing one connection wherever it is, revoking a user
 * everywhere and the revocation window (on the fixtures' manual clocks).
 */
class OperatorAdminTest {

    private final SharedClusterControl cluster = new SharedClusterControl();
    private final UnsharedRevocationStore store = new UnsharedRevocationStore();
    private final FakeTokenVerifier tokens = new FakeTokenVerifier();
    private final GatewayFixture a = instance(store);
    private final GatewayFixture b = instance(store);

    private GatewayFixture instance(RevocationStore revocations) {
        return new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens),
                new HeraldCore.Operations(OperatorSettings.defaults(), cluster, revocations));
    }

    /** A token of {@code sub} issued at {@code iat}, valid an hour. */
    private String token(String name, String sub, Instant iat) {
        tokens.grant(name, new Grant(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), true, Set.of(),
                Optional.of(iat.plus(Duration.ofHours(1))), Optional.of(sub), Optional.of(iat)));
        return name;
    }

    private static ClientId connect(GatewayFixture gw, String client, String token) {
        assertThat(gw.connect(client, "https://app.example", "10.0.0.1", Credentials.bearer(token)).isAccepted())
                .as("%s admitted", client).isTrue();
        return ClientId.of(client);
    }

    @Test
    void theListGathersEveryInstanceAndFilters() {
        Instant now = a.clock.instant();
        ClientId alice = connect(a, "alice-1", token("t-alice", "alice", now));
        ClientId bob = connect(b, "bob-1", token("t-bob", "bob", now));
        a.subscribe(alice, "job-1", null);
        a.settle();

        ClusterConnections all = a.core.listConnections().list(Optional.empty(), Optional.empty());
        assertThat(all.instances()).hasSize(2);
        assertThat(all.connections()).extracting(ConnectionInfo::clientId).containsExactlyInAnyOrder(alice, bob);
        ConnectionInfo first = all.connections().stream().filter(c -> c.clientId().equals(alice)).findFirst().orElseThrow();
        assertThat(first.user()).hasValue("alice");
        assertThat(first.address()).isEqualTo("10.0.0.1");
        assertThat(first.origin()).hasValue("https://app.example");
        assertThat(first.connectedAt()).isEqualTo(now);
        assertThat(first.subscriptions()).containsExactly(JobId.of("job-1"));

        assertThat(b.core.listConnections().list(Optional.of(JobId.of("job-1")), Optional.empty()).connections())
                .extracting(ConnectionInfo::clientId).containsExactly(alice);
        assertThat(b.core.listConnections().list(Optional.empty(), Optional.of("bob")).connections())
                .extracting(ConnectionInfo::clientId).containsExactly(bob);
    }

    @Test
    void aConnectionIsClosedWhereverItIsWithDisconnected() {
        ClientId bob = connect(b, "bob-1", token("t-bob", "bob", b.clock.instant()));

        ClusterConnections closed = a.core.closeConnection().close(bob);

        assertThat(closed.connections()).extracting(ConnectionInfo::clientId).containsExactly(bob);
        assertThat(b.channel.errors(bob).get(0).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(b.channel.closeCode(bob)).hasValue(4410);
        assertThat(a.core.closeConnection().close(ClientId.of("nobody")).connections()).isEmpty();
    }

    @Test
    void aRevokedUserIsClosedEverywhereAndItsOlderTokensRefusedUntilANewerOne() {
        Instant issued = a.clock.instant();
        String old = token("t-old", "alice", issued);
        ClientId onA = connect(a, "alice-a", old);
        ClientId onB = connect(b, "alice-b", old);
        ClientId other = connect(b, "bob-b", token("t-bob", "bob", issued));

        a.clock.advance(Duration.ofMinutes(10));
        b.clock.advance(Duration.ofMinutes(10));
        RevokeUserUseCase.RevokedUser revoked = a.core.revokeUser().revoke("alice");

        assertThat(revoked.revocation()).isEqualTo(new Revocation("alice", a.clock.instant()));
        assertThat(store.all()).containsExactly(revoked.revocation());
        assertThat(revoked.closed().connections()).extracting(ConnectionInfo::clientId).containsExactlyInAnyOrder(onA, onB);
        for (GatewayFixture gw : List.of(a, b)) {
            ClientId closed = gw == a ? onA : onB;
            assertThat(gw.channel.errors(closed).get(0).code()).isEqualTo(ErrorCode.REVOKED);
            assertThat(gw.channel.closeCode(closed)).hasValue(4401);
        }
        assertThat(b.channel.closeCode(other)).isEmpty();

        // the old token is refused on both instances, at connect and over REST
        var refused = b.connect("alice-again", null, "10.0.0.2", Credentials.bearer(old));
        assertThat(refused.rejection().orElseThrow().code()).isEqualTo(ErrorCode.REVOKED);
        assertThat(b.channel.closeCode(ClientId.of("alice-again"))).hasValue(4401);
        assertThatThrownBy(() -> a.core.readJobSnapshot().snapshot(JobId.of("job-1"), Credentials.bearer(old)))
                .isInstanceOf(RejectedException.class)
                .extracting(e -> ((RejectedException) e).code()).isEqualTo(ErrorCode.REVOKED);
        // one issued in the same second still is; one issued in the next second is not
        Instant revokedAt = revoked.revocation().revokedAt();
        String sameSecond = token("t-same", "alice", revokedAt.plusMillis(999 - revokedAt.getNano() / 1_000_000));
        assertThat(a.connect("alice-same", null, "10.0.0.3", Credentials.bearer(sameSecond)).isAccepted()).isFalse();
        String fresh = token("t-fresh", "alice", revokedAt.plusSeconds(1));
        connect(a, "alice-fresh", fresh);
    }

    @Test
    void anInstanceThatStartsLaterEnforcesTheStoredRevocations() {
        Instant issued = a.clock.instant();
        String old = token("t-old", "carol", issued);
        a.clock.advance(Duration.ofSeconds(5));
        a.core.revokeUser().revoke("carol");

        GatewayFixture later = instance(store);
        later.clock.set(a.clock.instant());
        assertThat(later.connect("carol-1", null, "10.0.0.4", Credentials.bearer(old)).rejection().orElseThrow().code())
                .isEqualTo(ErrorCode.REVOKED);
    }

    @Test
    void aRevocationThatCannotBeStoredIsRefusedAndChangesNothing() {
        String old = token("t-old", "dave", a.clock.instant());
        GatewayFixture broken = instance(new RevocationStore() {
            @Override
            public void record(Revocation revocation) {
                throw new dev.herald.application.port.out.EventStoreUnavailableException("down (test)", null);
            }

            @Override
            public List<Revocation> all() {
                return List.of();
            }
        });
        ClientId dave = connect(broken, "dave-1", old);
        assertThatThrownBy(() -> broken.core.revokeUser().revoke("dave")).isInstanceOf(RejectedException.class)
                .extracting(e -> ((RejectedException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(broken.channel.closeCode(dave)).isEmpty();
        assertThatThrownBy(() -> a.core.revokeUser().revoke("x".repeat(257))).isInstanceOf(RejectedException.class)
                .extracting(e -> ((RejectedException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
