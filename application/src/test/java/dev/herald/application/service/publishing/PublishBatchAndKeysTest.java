package dev.herald.application.service.publishing;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.PublishBatchCommand;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.in.PublishedEvent;
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
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.PublishLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishBatchAndKeysTest {

    private static final JobId JOB = JobId.of("book-9");

    private static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(EventType.of("chapter.done"), "{\"i\":" + i + "}"));
        }
        return events;
    }

    private static PublishedBatch batch(GatewayFixture gw, List<NewEvent> events, String key) {
        return gw.core.publishBatch().publishBatch(new PublishBatchCommand(JOB, events, Credentials.none(),
                Optional.ofNullable(key).map(IdempotencyKey::of)));
    }

    private static PublishedEvent single(GatewayFixture gw, String payload, String key) {
        return gw.core.publishEvent().publish(new PublishEventCommand(JOB, EventType.of("step"), payload,
                Credentials.none(), Optional.ofNullable(key).map(IdempotencyKey::of)));
    }

    @Test
    void aBatchIsStoredWithContiguousSeqsAndReachesSubscribersInOrder() {
        GatewayFixture gw = new GatewayFixture();
        ClientId client = gw.connect("c");
        gw.subscribe(client, JOB.value(), 0L);
        gw.settle();
        gw.publish(JOB.value(), "first");
        PublishedBatch published = batch(gw, events(5), null);
        gw.settle();
        assertThat(published.firstSeq()).isEqualTo(2);
        assertThat(published.lastSeq()).isEqualTo(6);
        assertThat(published.count()).isEqualTo(5);
        assertThat(published.replayed()).isFalse();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(gw.core.statistics().eventsPublished()).isEqualTo(6);
    }

    @Test
    void anEmptyOrTooLargeBatchIsRefusedWhole() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withPublishLimits(new PublishLimits(3, 1 << 20, Duration.ofHours(1))));
        assertThatThrownBy(() -> batch(gw, events(0), null))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> batch(gw, events(4), null))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(gw.store.headSeq(JOB)).isZero();
    }

    @Test
    void oneOversizedEventRefusesTheWholeBatch() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults().withEventSizeLimit(new EventSizeLimit(30)));
        List<NewEvent> events = new ArrayList<>(events(3));
        events.add(new NewEvent(EventType.of("big"), "\"" + "x".repeat(40) + "\""));
        assertThatThrownBy(() -> batch(gw, events, null))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
        assertThat(gw.store.headSeq(JOB)).isZero();
        assertThat(gw.bus.outboxSize()).isZero();
    }

    @Test
    void aStoreOutageRefusesTheBatchAndNothingIsStoredOrSent() {
        GatewayFixture gw = new GatewayFixture();
        gw.store.setAvailable(false);
        assertThatThrownBy(() -> batch(gw, events(3), "k1"))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        gw.store.setAvailable(true);
        assertThat(gw.store.headSeq(JOB)).isZero();
        assertThat(gw.bus.outboxSize()).isZero();
        // the key was not spent by the failed attempt: the retry stores
        assertThat(batch(gw, events(3), "k1").replayed()).isFalse();
        assertThat(gw.store.headSeq(JOB)).isEqualTo(3);
    }

    @Test
    void aRetriedKeyAnswersTheFirstPublishAndSendsNothingAgain() {
        GatewayFixture gw = new GatewayFixture();
        ClientId client = gw.connect("c");
        gw.subscribe(client, JOB.value(), 0L);
        gw.settle();
        PublishedEvent first = single(gw, "{\"a\":1}", "retry-1");
        gw.clock.advance(Duration.ofSeconds(30));
        PublishedEvent retried = single(gw, "{\"a\":1}", "retry-1");
        gw.settle();
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.seq()).isEqualTo(first.seq());
        assertThat(retried.occurredAt()).isEqualTo(first.occurredAt());
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
        assertThat(gw.core.statistics().eventsPublished()).isEqualTo(1);

        PublishedBatch batchFirst = batch(gw, events(2), "retry-2");
        PublishedBatch batchAgain = batch(gw, events(2), "retry-2");
        assertThat(batchAgain.replayed()).isTrue();
        assertThat(batchAgain.firstSeq()).isEqualTo(batchFirst.firstSeq()).isEqualTo(2);
        assertThat(gw.store.headSeq(JOB)).isEqualTo(3);
    }

    @Test
    void aKeyReusedWithAnotherBodyIsRefused() {
        GatewayFixture gw = new GatewayFixture();
        single(gw, "{\"a\":1}", "same");
        assertThatThrownBy(() -> single(gw, "{\"a\":2}", "same"))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        // a single event and a batch of that one event are the same publish
        assertThat(batch(gw, List.of(new NewEvent(EventType.of("step"), "{\"a\":1}")), "same").replayed()).isTrue();
        assertThat(gw.store.headSeq(JOB)).isEqualTo(1);
    }

    @Test
    void aKeyIsForgottenAfterTheWindow() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withPublishLimits(new PublishLimits(1000, 1 << 20, Duration.ofMinutes(10))));
        single(gw, "{}", "k");
        gw.clock.advance(Duration.ofMinutes(9));
        assertThat(single(gw, "{}", "k").replayed()).isTrue();
        gw.clock.advance(Duration.ofMinutes(2));
        assertThat(single(gw, "{}", "k").replayed()).isFalse();
        assertThat(gw.store.headSeq(JOB)).isEqualTo(2);
    }

    @Test
    void withAuthOnABatchNeedsThePublishScopeAndTheJob() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("worker", new Grant(Set.of(Scope.PUBLISH), false, Set.of(JOB), Optional.empty(), Optional.empty()))
                .grant("other", new Grant(Set.of(Scope.PUBLISH), false, Set.of(JobId.of("x")), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));
        assertThat(gw.core.publishBatch().publishBatch(new PublishBatchCommand(JOB, events(2), Credentials.bearer("worker"),
                Optional.empty())).lastSeq()).isEqualTo(2);
        assertThatThrownBy(() -> gw.core.publishBatch().publishBatch(new PublishBatchCommand(JOB, events(2),
                Credentials.bearer("other"), Optional.empty())))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> gw.core.publishBatch().publishBatch(new PublishBatchCommand(JOB, events(2),
                Credentials.none(), Optional.empty())))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(gw.store.headSeq(JOB)).isEqualTo(2);
    }
}
