package dev.herald.application.service.publishing;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishEventServiceTest {

    private static final JobId JOB = JobId.of("video-7");

    @Test
    void storesWithTheNextSeqThenPublishesLive() {
        GatewayFixture gw = new GatewayFixture();
        gw.clock.set(Instant.parse("2026-05-06T07:08:09.123456Z"));
        PublishedEvent first = gw.publish("video-7", "transcode.started", "{\"percent\":0}");
        PublishedEvent second = gw.publish("video-7", "transcode.progress", "{\"percent\":50}");
        assertThat(first).isEqualTo(new PublishedEvent(JOB, 1, Instant.parse("2026-05-06T07:08:09.123Z")));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(gw.store.readAfter(JOB, 0, 10)).extracting(e -> e.payload())
                .containsExactly("{\"percent\":0}", "{\"percent\":50}");
        assertThat(gw.bus.outboxSize()).isEqualTo(2);
        assertThat(gw.core.statistics().eventsPublished()).isEqualTo(2);
    }

    @Test
    void anOversizedEventIsRefusedAndNothingIsStored() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults().withEventSizeLimit(new EventSizeLimit(20)));
        assertThatThrownBy(() -> gw.publish("video-7", "t", "\"" + "x".repeat(30) + "\""))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
        assertThat(gw.store.headSeq(JOB)).isZero();
    }

    @Test
    void aStoreOutageFailsThePublishWithStoreUnavailableAndPublishesNothing() {
        GatewayFixture gw = new GatewayFixture();
        gw.store.setAvailable(false);
        assertThatThrownBy(() -> gw.publish("video-7", "t"))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThat(gw.bus.outboxSize()).isZero();
    }

    @Test
    void aBusOutageDoesNotFailThePublishAndLocalSubscribersStillGetTheEvent() {
        GatewayFixture gw = new GatewayFixture();
        ClientId client = gw.connect("c");
        gw.subscribe(client, "video-7", null);
        gw.settle();
        gw.bus.setAvailable(false);
        PublishedEvent published = gw.publish("video-7", "t");
        gw.settle();
        assertThat(published.seq()).isEqualTo(1);
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
    }

    @Test
    void withAuthOnPublishingNeedsThePublishScopeAndTheJob() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("worker", new Grant(Set.of(Scope.PUBLISH), false, Set.of(JOB), Optional.empty(), Optional.empty()))
                .grant("reader", new Grant(Set.of(Scope.SUBSCRIBE), true, Set.of(), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));
        assertThat(publish(gw, "video-7", Credentials.bearer("worker")).seq()).isEqualTo(1);
        assertCode(() -> publish(gw, "video-7", Credentials.none()), ErrorCode.UNAUTHORIZED);
        assertCode(() -> publish(gw, "video-7", Credentials.bearer("nope")), ErrorCode.UNAUTHORIZED);
        assertCode(() -> publish(gw, "video-7", Credentials.bearer("reader")), ErrorCode.FORBIDDEN);
        assertCode(() -> publish(gw, "other-job", Credentials.bearer("worker")), ErrorCode.FORBIDDEN);
        assertThat(gw.store.headSeq(JOB)).isEqualTo(1);
    }

    @Test
    void liveSubscribersOfAnotherInstanceReceiveThroughTheSharedBus() {
        GatewayFixture one = new GatewayFixture();
        GatewayFixture two = new GatewayFixture(GatewaySettings.defaults(), Optional.empty(), one.store, one.bus);
        ClientId client = two.connect("far");
        two.subscribe(client, "video-7", null);
        two.settle();
        one.publish("video-7", "t");
        one.bus.deliverAll();
        two.settle();
        assertThat(two.channel.messages(client, ServerMessage.Event.class)).extracting(e -> e.event().seq())
                .containsExactly(1L);
    }

    private static PublishedEvent publish(GatewayFixture gw, String job, Credentials credentials) {
        return gw.core.publishEvent().publish(new PublishEventCommand(JobId.of(job), EventType.of("t"), "{}", credentials));
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
