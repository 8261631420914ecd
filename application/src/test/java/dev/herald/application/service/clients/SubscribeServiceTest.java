package dev.herald.application.service.clients;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.delivery.LiveSubscription;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.SubscriptionCap;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class SubscribeServiceTest {

    private static final JobId JOB = JobId.of("book-42");

    private final GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults().withCatchUp(4, 8, Duration.ofSeconds(30)));

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    void aLateSubscriberGetsSubscribedThenTheReplayThenCaughtUpThenLiveEvents() {
        gw.store.appendMany(JOB, 10, gw.clock.instant());
        ClientId client = gw.connect("c1");

        gw.subscribe(client, "book-42", null, "req-1");
        gw.settle();
        gw.publish("book-42", "generation.chapter.started");
        gw.settle();

        List<ServerMessage> messages = gw.channel.messages(client);
        assertThat(messages.get(0)).isEqualTo(new ServerMessage.Subscribed(JOB, 0, 10, Optional.of("req-1")));
        List<ServerMessage.Event> events = gw.channel.messages(client, ServerMessage.Event.class);
        assertThat(events).extracting(e -> e.event().seq()).containsExactlyElementsOf(range(1, 11));
        assertThat(events.subList(0, 10)).allMatch(ServerMessage.Event::replay);
        assertThat(events.get(10).replay()).isFalse();
        ServerMessage.CaughtUp caughtUp = gw.channel.messages(client, ServerMessage.CaughtUp.class).get(0);
        assertThat(caughtUp.seq()).isEqualTo(10);
        assertThat(caughtUp.replayed()).isEqualTo(10);
        assertThat(messages.indexOf(caughtUp)).isEqualTo(11);
    }

    @Test
    void aSubscriberToAnEmptyJobIsCaughtUpAtOnceAndThenFollowsLive() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        assertThat(gw.channel.messages(client)).containsExactly(
                new ServerMessage.Subscribed(JOB, 0, 0, Optional.empty()),
                new ServerMessage.CaughtUp(JOB, 0, 0, 0));

        gw.publish("book-42", "job.started");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
    }

    @Test
    void resumesAfterTheGivenSeq() {
        gw.store.appendMany(JOB, 9, gw.clock.instant());
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", 6L);
        gw.settle();
        assertThat(gw.channel.messages(client).get(0)).isEqualTo(new ServerMessage.Subscribed(JOB, 6, 9, Optional.empty()));
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(7L, 8L, 9L);
        assertThat(gw.channel.messages(client, ServerMessage.CaughtUp.class))
                .containsExactly(new ServerMessage.CaughtUp(JOB, 9, 3, 0));
    }

    @Test
    void eventsPublishedDuringTheCatchUpArriveOnceInOrder() {
        gw.store.appendMany(JOB, 9, gw.clock.instant());
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.tasks.runOne(); // first page read (seqs 1-4) while publications keep coming
        for (int i = 0; i < 6; i++) {
            gw.publish("book-42", "step");
            gw.bus.deliverAll();
            gw.tasks.runOne();
        }
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactlyElementsOf(range(1, 15));
    }

    @Test
    void aLostLivePublicationIsRepairedWhenTheNextEventShowsTheGap() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "step");
        gw.publish("book-42", "step");
        gw.bus.dropAll(); // both publications lost
        gw.publish("book-42", "step");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L);
        assertThat(gw.core.statistics().gapRepairs()).isEqualTo(1);
    }

    @Test
    void aLostFinalEventIsDeliveredByReconciliation() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "job.completed");
        gw.bus.dropAll();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();

        gw.core.reconcileSubscriptions().reconcile();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
        assertThat(gw.channel.messages(client, ServerMessage.Event.class).get(0).replay()).isFalse();
    }

    @Test
    void aLostFinalEventIsRepairedByTheSecondPeriodicRoundAfterItWasStored() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.core.reconcileSubscriptions().reconcileStuck();
        gw.publish("book-42", "job.completed");
        gw.bus.dropAll();
        gw.settle();

        gw.core.reconcileSubscriptions().reconcileStuck(); // the event is younger than a round: it may still be on its way
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();

        gw.core.reconcileSubscriptions().reconcileStuck();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
    }

    @Test
    void aSubscriptionThatIsBehindButStillReceivingIsNotReadFromTheStore() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        int readsBefore = gw.store.reads();
        for (int i = 0; i < 6; i++) {
            gw.publish("book-42", "step"); // queued on a busy bus, delivered late
        }
        gw.core.reconcileSubscriptions().reconcileStuck();
        for (int round = 0; round < 5; round++) {
            gw.bus.deliver(gw.bus.take(0)); // one late event per round: behind the head, but moving
            gw.tasks.runAll();
            gw.core.reconcileSubscriptions().reconcileStuck();
            gw.tasks.runAll();
        }
        assertThat(gw.store.reads()).isEqualTo(readsBefore);
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L, 4L, 5L);

        gw.bus.dropAll(); // the last one was lost: the next round finds the subscription stuck
        gw.core.reconcileSubscriptions().reconcileStuck();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aReconnectRepairsEverySubscriptionBehindTheHeadAtOnce() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "step");
        gw.bus.dropAll(); // published while the bus was away

        gw.bus.reconnect();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
    }

    @Test
    void duplicateAndReorderedPublicationsAreDeliveredOnceInOrder() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "a");
        gw.publish("book-42", "b");
        gw.publish("book-42", "c");
        JobEvent third = gw.bus.take(2);
        JobEvent first = gw.bus.take(0);
        JobEvent second = gw.bus.take(0);
        gw.bus.deliver(third);
        gw.bus.deliver(first);
        gw.bus.deliver(first);
        gw.bus.deliver(second);
        gw.settle();
        gw.bus.deliver(third);
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L);
    }

    /** Overtaking publications (two publishers at once) cost no store read per subscriber. */
    @Test
    void aPublicationOvertakenOnTheBusIsAwaitedLiveBrieflyInsteadOfReadFromTheStore() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "a");
        gw.publish("book-42", "b");
        gw.publish("book-42", "c");
        int readsBefore = gw.store.reads();
        JobEvent third = gw.bus.take(2);
        JobEvent second = gw.bus.take(1);
        JobEvent first = gw.bus.take(0);
        gw.bus.deliver(third);
        gw.bus.deliver(second);
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();
        gw.clock.advance(LiveSubscription.REORDER_GRACE.minusMillis(1));
        gw.tasks.runAll();
        gw.bus.deliver(first);

        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L);
        gw.settle();
        assertThat(gw.store.reads()).isEqualTo(readsBefore);
        assertThat(gw.core.statistics().gapRepairs()).isZero();
        assertThat(gw.channel.messages(client, ServerMessage.Event.class)).noneMatch(ServerMessage.Event::replay);
    }

    /** A gap that outlasts the grace is a lost publication: read from the store. */
    @Test
    void aGapStillOpenAfterTheGraceIsRepairedFromTheStore() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "a");
        gw.publish("book-42", "b");
        gw.bus.take(0); // lost
        gw.bus.deliverAll();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();

        gw.clock.advance(LiveSubscription.REORDER_GRACE);
        gw.tasks.runAll();
        gw.tasks.runAll();

        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L);
        assertThat(gw.core.statistics().gapRepairs()).isEqualTo(1);
    }

    /** A repair asks the store for the missing seqs only: what follows them is held already. */
    @Test
    void theFirstCatchUpReadsUpToTheHeadItWasToldAndNoFurther() {
        for (int i = 0; i < 5; i++) {
            gw.publish("book-42", "step");
        }
        gw.bus.deliverAll();
        ClientId client = gw.connect("c1");
        int readsBefore = gw.store.reads();

        gw.subscribe(client, "book-42", 2L);
        gw.settle();

        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(3L, 4L, 5L);
        // one read of exactly the three events up to the head: nothing asks the store past it
        assertThat(gw.store.reads()).isEqualTo(readsBefore + 1);
        assertThat(gw.store.lastReadLimit()).isEqualTo(3);
    }

    @Test
    void aCatchUpWithNothingBeforeTheHeadDoesNotReadTheStore() {
        ClientId empty = gw.connect("c1");
        gw.subscribe(empty, "book-42", null);
        gw.settle();
        assertThat(gw.store.reads()).isZero();

        for (int i = 0; i < 3; i++) {
            gw.publish("book-42", "step");
        }
        gw.bus.deliverAll();
        ClientId resumed = gw.connect("c2");
        gw.subscribe(resumed, "book-42", 3L);
        gw.settle();
        gw.publish("book-42", "step");
        gw.bus.deliverAll();
        gw.settle();

        assertThat(gw.store.reads()).isZero();
        assertThat(gw.channel.messages(resumed, ServerMessage.CaughtUp.class))
                .containsExactly(new ServerMessage.CaughtUp(JOB, 3, 0, 0));
        assertThat(gw.channel.eventSeqs(resumed, JOB)).containsExactly(4L);
        assertThat(gw.channel.eventSeqs(empty, JOB)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRepairReadsJustTheGapBeforeTheHeldEvents() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        for (int i = 0; i < 5; i++) {
            gw.publish("book-42", "step");
        }
        gw.bus.take(0); // seqs 1 and 2 lost
        gw.bus.take(0);
        gw.bus.deliverAll();
        int readsBefore = gw.store.reads();

        gw.clock.advance(LiveSubscription.REORDER_GRACE);
        gw.tasks.runAll();
        gw.tasks.runAll();

        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(gw.store.reads()).isEqualTo(readsBefore + 1);
        assertThat(gw.store.lastReadLimit()).isEqualTo(2);
    }

    @Test
    void liveEventsBeyondTheHoldLimitAreReadFromTheStoreInstead() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        for (int i = 0; i < 30; i++) { // hold limit is 8
            gw.publish("book-42", "step");
        }
        gw.bus.deliverAll();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactlyElementsOf(range(1, 30));
    }

    @Test
    void aStoreOutageAtSubscribeAnswersStoreUnavailableAndHoldsNoSubscription() {
        ClientId client = gw.connect("c1");
        gw.store.setAvailable(false);
        gw.subscribe(client, "book-42", null, "r9");
        gw.settle();
        assertThat(gw.channel.errors(client)).containsExactly(new ServerMessage.Error(ErrorCode.STORE_UNAVAILABLE,
                "The event store is unavailable; retry the subscription", Optional.of(JOB), Optional.of("r9")));
        assertThat(gw.channel.closeCode(client)).isEmpty();
        GatewayMetrics metrics = gw.core.readGatewayMetrics().metrics(Credentials.none());
        assertThat(metrics.totalSubscribers()).isZero();
        assertThat(gw.bus.listenerCount(JOB)).isZero();

        gw.store.setAvailable(true);
        gw.subscribe(client, "book-42", null);
        gw.settle();
        assertThat(gw.channel.messages(client, ServerMessage.CaughtUp.class)).hasSize(1);
    }

    @Test
    void aRepairThatHitsAStoreOutageIsRetriedByReconciliation() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "step");
        gw.bus.dropAll();
        gw.publish("book-42", "step"); // reveals the gap
        gw.store.setAvailable(false);
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();

        gw.store.setAvailable(true);
        gw.core.reconcileSubscriptions().reconcile();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L);
    }

    @Test
    void liveDeliveryToSubscribedClientsGoesOnWhileTheStoreIsDown() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.publish("book-42", "step");
        gw.store.setAvailable(false);
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);
    }

    @Test
    void aBusReconnectTriggersReconciliation() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.bus.setAvailable(false);
        gw.publish("book-42", "step"); // bus down: stored, delivered locally
        gw.store.append(JOB, dev.herald.domain.job.EventType.of("from.another.instance"), "{}", gw.clock.instant());
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L);

        gw.bus.reconnect();
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L);
    }

    @Test
    void resubscribingReplacesTheCursor() {
        gw.store.appendMany(JOB, 5, gw.clock.instant());
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        gw.subscribe(client, "book-42", 3L);
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactly(1L, 2L, 3L, 4L, 5L, 4L, 5L);
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.none()).subscriptionsByJob())
                .containsExactly(java.util.Map.entry("book-42", 1));
    }

    @Test
    void theSubscriptionCapRejectsOneRequestPastTheLimitAndKeepsTheConnection() {
        GatewayFixture capped = new GatewayFixture(GatewaySettings.defaults().withSubscriptionCap(new SubscriptionCap(2)));
        ClientId client = capped.connect("c1");
        capped.subscribe(client, "a", null);
        capped.subscribe(client, "b", null);
        capped.subscribe(client, "c", null, "third");
        capped.subscribe(client, "a", 0L); // re-subscribe takes no new slot
        capped.settle();
        assertThat(capped.channel.errors(client)).containsExactly(new ServerMessage.Error(ErrorCode.SUBSCRIPTION_LIMIT,
                "Subscription limit reached", Optional.of(JobId.of("c")), Optional.of("third")));
        assertThat(capped.channel.closeCode(client)).isEmpty();
        assertThat(capped.core.statistics().rejections(ErrorCode.SUBSCRIPTION_LIMIT)).isEqualTo(1);
    }

    @Test
    void unsubscribeStopsEventsAndReleasesTheBusWhenTheLastSubscriberLeaves() {
        ClientId client = gw.connect("c1");
        gw.subscribe(client, "book-42", null);
        gw.settle();
        assertThat(gw.bus.listenerCount(JOB)).isEqualTo(1);
        gw.core.unsubscribe().unsubscribe(client, JOB, Optional.of(new RequestId("u1")));
        gw.publish("book-42", "step");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();
        assertThat(gw.channel.messages(client)).contains(new ServerMessage.Unsubscribed(JOB, Optional.of("u1")));
        assertThat(gw.bus.listenerCount(JOB)).isZero();
    }

    @Test
    void disconnectReleasesEverySubscription() {
        ClientId one = gw.connect("c1");
        ClientId two = gw.connect("c2");
        gw.subscribe(one, "a", null);
        gw.subscribe(one, "b", null);
        gw.subscribe(two, "a", null);
        gw.settle();
        gw.core.disconnectClient().disconnect(one, "client closed");
        GatewayMetrics metrics = gw.core.readGatewayMetrics().metrics(Credentials.none());
        assertThat(metrics.activeConnections()).isEqualTo(1);
        assertThat(metrics.subscriptionsByJob()).containsExactly(java.util.Map.entry("a", 1));
        assertThat(gw.bus.listenerCount(JobId.of("b"))).isZero();
        gw.core.disconnectClient().disconnect(one, "again"); // idempotent
    }

    @Test
    void aLargeCatchUpWaitsForTheClientToReadAndCutsOffOneThatNeverDoes() {
        gw.store.appendMany(JOB, 20, gw.clock.instant());
        ClientId client = gw.connect("c1");
        gw.channel.setRoom(false);
        gw.subscribe(client, "book-42", null);
        gw.tasks.runAll();
        assertThat(gw.channel.eventSeqs(client, JOB)).isEmpty();

        gw.channel.setRoom(true);
        gw.channel.limitRoom(6); // "subscribed" + one page of 4 still leaves room; two pages do not
        gw.clock.advance(Duration.ofMillis(5));
        gw.tasks.runAll();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactlyElementsOf(range(1, 8));

        gw.channel.limitRoom(Integer.MAX_VALUE);
        gw.clock.advance(Duration.ofMillis(5));
        gw.tasks.runAll();
        assertThat(gw.channel.eventSeqs(client, JOB)).containsExactlyElementsOf(range(1, 20));

        gw.store.appendMany(JOB, 10, gw.clock.instant());
        gw.channel.setRoom(false);
        gw.core.reconcileSubscriptions().reconcile(); // a repair must wait for room too
        gw.tasks.runAll();
        gw.clock.advance(Duration.ofSeconds(31));
        gw.settle();
        assertThat(gw.channel.closeCode(client)).hasValue(4409);
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.SLOW_CONSUMER);
    }

    @Test
    void metricsRecordTheLastCatchUp() {
        gw.store.appendMany(JOB, 7, gw.clock.instant());
        ClientId client = gw.connect("c1");
        gw.store.onRead(() -> gw.clock.advance(Duration.ofMillis(6)));
        gw.subscribe(client, "book-42", null);
        gw.settle(); // two page reads (4 + 3 events)
        GatewayMetrics.LastCatchUp last = gw.core.readGatewayMetrics().metrics(Credentials.none()).lastCatchUp().orElseThrow();
        assertThat(last.jobId()).isEqualTo("book-42");
        assertThat(last.eventCount()).isEqualTo(7);
        assertThat(last.durationMs()).isEqualTo(12);
    }
}
