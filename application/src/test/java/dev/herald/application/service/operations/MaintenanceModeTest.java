package dev.herald.application.service.operations;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.ClientPublishCommand;
import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.HeraldCore;
import dev.herald.application.service.auth.UnsharedRevocationStore;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.settings.OperatorSettings;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.SharedClusterControl;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.History;
import dev.herald.domain.channel.Namespace;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.operator.Maintenance;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Maintenance mode on instances sharing one cluster control: newcomers refused (1013), publishes
 * refused by every route, connected clients kept (they receive and may subscribe), the switch seen
 * by the other instance, one that starts later or reconnects, and the start setting.
 */
class MaintenanceModeTest {

    private static final ChannelPolicy POLICY = ChannelPolicy.of(Map.of(
            new Namespace("game"), new NamespaceOptions(History.DURABLE, true, false, false),
            new Namespace("chat"), new NamespaceOptions(History.NONE, true, false, false)));
    private static final GatewaySettings SETTINGS = GatewaySettings.defaults().withChannelPolicy(POLICY);

    private final SharedClusterControl cluster = new SharedClusterControl();

    private GatewayFixture instance(boolean onAtStart) {
        return new GatewayFixture(SETTINGS, new HeraldCore.Operations(new OperatorSettings(false, onAtStart), cluster, new UnsharedRevocationStore()));
    }

    private static ErrorCode refusal(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RejectedException e) {
            return e.code();
        }
    }

    @Test
    void whileOnNewcomersAndPublishesAreRefusedAndConnectedClientsStayAndReceive() {
        GatewayFixture gw = instance(false);
        ClientId stays = gw.connect("stays");
        gw.subscribe(stays, "job-1", null);
        gw.settle();
        gw.publish("job-1", "before");
        gw.settle();

        Maintenance on = gw.core.maintenance().switchTo(true, Optional.of("Upgrading the store"));
        assertThat(on.enabled()).isTrue();
        assertThat(on.since()).hasValue(gw.clock.instant());

        var refused = gw.connect("late", null, "10.0.0.9", Credentials.none());
        assertThat(refused.rejection().orElseThrow().code()).isEqualTo(ErrorCode.MAINTENANCE);
        assertThat(gw.channel.closeCode(ClientId.of("late"))).hasValue(1013);
        assertThat(gw.channel.errors(ClientId.of("late")).get(0).message()).isEqualTo("Maintenance: Upgrading the store");

        assertThat(refusal(() -> gw.publish("job-1", "during"))).isEqualTo(ErrorCode.MAINTENANCE);
        assertThat(refusal(() -> gw.core.publishBatch().publishBatch(new PublishBatchCommand(JobId.of("job-1"),
                List.of(new NewEvent(EventType.of("b"), "{}", Optional.empty())), Credentials.none(), Optional.empty()))))
                .isEqualTo(ErrorCode.MAINTENANCE);
        assertThat(refusal(() -> gw.core.publishEvent().publish(new PublishEventCommand(JobId.of("chat:x"),
                EventType.of("relay"), "{}", Credentials.none())))).isEqualTo(ErrorCode.MAINTENANCE);

        gw.core.clientPublish().publish(new ClientPublishCommand(stays, JobId.of("game:1"), EventType.of("move"),
                "{}", Optional.of(new dev.herald.application.port.in.RequestId("p1"))));
        ServerMessage.Error publishRefused = gw.channel.errors(stays).get(0);
        assertThat(publishRefused.code()).isEqualTo(ErrorCode.MAINTENANCE);
        assertThat(publishRefused.requestId()).hasValue("p1");
        assertThat(gw.channel.closeCode(stays)).isEmpty();

        // a connected client may still subscribe: the catch-up comes from the store
        gw.subscribe(stays, "job-1", 0L);
        gw.settle();
        assertThat(gw.channel.eventSeqs(stays, JobId.of("job-1"))).contains(1L);
        assertThat(gw.store.headSeq(JobId.of("job-1"))).isEqualTo(1);
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.none()).maintenance()).isTrue();

        gw.clock.advance(Duration.ofMinutes(3));
        Maintenance off = gw.core.maintenance().switchTo(false, Optional.empty());
        assertThat(off.enabled()).isFalse();
        assertThat(off.since()).hasValue(gw.clock.instant());
        assertThat(gw.publish("job-1", "after").seq()).isEqualTo(2);
        assertThat(gw.connect("later", null, "10.0.0.9", Credentials.none()).isAccepted()).isTrue();
    }

    @Test
    void aSwitchOnOneInstanceAppliesOnTheOtherAndToOneThatStartsLater() {
        GatewayFixture a = instance(false);
        GatewayFixture b = instance(false);
        a.core.maintenance().switchTo(true, Optional.of("m"));
        assertThat(b.core.maintenance().current().enabled()).isTrue();
        assertThat(b.core.maintenance().current().message()).hasValue("m");
        assertThat(refusal(() -> b.publish("job-2", "x"))).isEqualTo(ErrorCode.MAINTENANCE);

        GatewayFixture c = instance(false);
        assertThat(c.core.maintenance().current()).isEqualTo(a.core.maintenance().current());

        b.core.maintenance().switchTo(false, Optional.empty());
        assertThat(a.core.maintenance().current().enabled()).isFalse();
        assertThat(c.core.maintenance().current().enabled()).isFalse();
    }

    @Test
    void anInstanceThatWasAwayLearnsTheStateWhenItReconnects() {
        GatewayFixture a = instance(false);
        cluster.down(true);
        Maintenance local = a.core.maintenance().switchTo(true, Optional.empty());
        assertThat(local.enabled()).as("applies here though the others cannot be told").isTrue();

        cluster.storeQuietly(Maintenance.off().switchTo(true, Optional.of("from elsewhere"), a.clock.instant()));
        cluster.reconnect();
        assertThat(a.core.maintenance().current().message()).hasValue("from elsewhere");
    }

    @Test
    void theStartSettingSwitchesTheClusterOnButAStartWithoutItChangesNothing() {
        GatewayFixture on = instance(true);
        assertThat(on.core.maintenance().current().enabled()).isTrue();
        assertThat(cluster.storedMaintenance().orElseThrow().enabled()).isTrue();

        GatewayFixture plain = instance(false);
        assertThat(plain.core.maintenance().current().enabled()).isTrue();

        plain.core.maintenance().switchTo(false, Optional.empty());
        GatewayFixture restartedWithTheSetting = instance(true);
        assertThat(restartedWithTheSetting.core.maintenance().current().enabled()).isTrue();
        assertThat(plain.core.maintenance().current().enabled()).isTrue();
    }

    @Test
    void anOverlongMessageIsABadRequestAndChangesNothing() {
        GatewayFixture gw = instance(false);
        assertThatThrownBy(() -> gw.core.maintenance().switchTo(true, Optional.of("x".repeat(501))))
                .isInstanceOf(RejectedException.class).extracting(e -> ((RejectedException) e).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(gw.core.maintenance().current().enabled()).isFalse();
    }
}
