package dev.herald.application.service.delivery;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.delivery.LiveSubscription.State;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.ManualClock;
import dev.herald.application.testing.ManualTaskScheduler;
import dev.herald.application.testing.RecordingChannel;
import dev.herald.application.testing.TestEventStore;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine of one subscription, driven directly: catching up (live events held), live
 * (straight through, gaps held for the reorder grace, then repaired), repairing, stalled when the
 * store is down, closed. Tasks and time move only when the test moves them.
 */
class LiveSubscriptionTest {

    private static final JobId JOB = JobId.of("book-42");
    private static final ClientId CLIENT = ClientId.of("c1");
    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final ManualTaskScheduler tasks = new ManualTaskScheduler(clock);
    private final TestEventStore store = new TestEventStore();
    private final RecordingChannel channel = new RecordingChannel();
    private final List<Long> gapRepairs = new ArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Telemetry telemetry = new Telemetry() {
        @Override
        public void gapRepaired(JobId jobId, long events) {
            gapRepairs.add(events);
        }
    };

    /** Page size 4, at most 3 live events held. */
    private LiveSubscription subscription(long afterSeq) {
        GatewaySettings settings = GatewaySettings.defaults().withCatchUp(4, 3, STALL_LIMIT);
        DeliveryContext ctx = new DeliveryContext(store, channel, tasks, telemetry, clock, settings);
        return new LiveSubscription(ctx, CLIENT, JOB, afterSeq, Optional.empty(), s -> abandoned.incrementAndGet());
    }

    /** Stores one event (as a publication does first) and returns it as the bus would carry it. */
    private ServerMessage.Event publish() {
        JobEvent event = store.appendMany(JOB, 1, clock.instant());
        return new ServerMessage.Event(event, false);
    }

    private LiveSubscription live() {
        LiveSubscription sub = subscription(0);
        sub.start();
        tasks.runAll();
        assertThat(sub.state()).isEqualTo(State.LIVE);
        return sub;
    }

    private List<Long> seqs() {
        return channel.eventSeqs(CLIENT, JOB);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void holdsLiveEventsDuringTheCatchUpAndSendsThemAsPartOfItBeforeGoingLive() {
        store.appendMany(JOB, 6, clock.instant());
        LiveSubscription sub = subscription(0);
        sub.start();
        assertThat(sub.state()).isEqualTo(State.CATCHING_UP);

        ServerMessage.Event seventh = publish();
        sub.onLive(seventh);
        assertThat(seqs()).as("held until its turn").isEmpty();

        tasks.runAll();
        assertThat(sub.state()).isEqualTo(State.LIVE);
        assertThat(seqs()).containsExactlyElementsOf(range(1, 7));
        assertThat(channel.messages(CLIENT, ServerMessage.Event.class)).allMatch(ServerMessage.Event::replay);
        assertThat(channel.messages(CLIENT, ServerMessage.CaughtUp.class))
                .containsExactly(new ServerMessage.CaughtUp(JOB, 7, 7, 0));
        assertThat(sub.lastDelivered()).isEqualTo(7);
    }

    @Test
    void whenLiveEventsPassStraightThroughAndDuplicatesAreDropped() {
        LiveSubscription sub = live();
        ServerMessage.Event first = publish();
        sub.onLive(first);
        sub.onLive(first);
        sub.onLive(publish());

        assertThat(seqs()).containsExactly(1L, 2L);
        assertThat(channel.messages(CLIENT, ServerMessage.Event.class)).noneMatch(ServerMessage.Event::replay);
        assertThat(tasks.hasPending()).isFalse();
    }

    @Test
    void anOvertakenLiveEventIsReleasedWhenTheOneItOvertookArrivesWithinTheGrace() {
        LiveSubscription sub = live();
        ServerMessage.Event first = publish();
        ServerMessage.Event second = publish();
        ServerMessage.Event third = publish();
        sub.onLive(third);
        sub.onLive(second);
        assertThat(seqs()).isEmpty();

        clock.advance(LiveSubscription.REORDER_GRACE.minusMillis(1));
        tasks.runAll();
        sub.onLive(first);
        assertThat(seqs()).containsExactly(1L, 2L, 3L);

        int readsBefore = store.reads();
        clock.advance(LiveSubscription.REORDER_GRACE);
        tasks.runAll();
        assertThat(store.reads()).as("nothing to repair").isEqualTo(readsBefore);
        assertThat(sub.state()).isEqualTo(State.LIVE);
    }

    @Test
    void aGapThatOutlivesTheGraceIsRepairedFromTheStoreThenLiveAgain() {
        LiveSubscription sub = live();
        publish();                                           // lost on the bus
        publish();                                           // lost on the bus
        sub.onLive(publish());
        clock.advance(LiveSubscription.REORDER_GRACE);
        tasks.runOne();
        assertThat(sub.state()).isEqualTo(State.REPAIRING);

        sub.onLive(publish());                               // held during the repair
        tasks.runAll();

        assertThat(sub.state()).isEqualTo(State.LIVE);
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(gapRepairs).containsExactly(4L);
    }

    @Test
    void beyondTheHoldLimitLiveEventsAreReadFromTheStoreInstead() {
        store.appendMany(JOB, 2, clock.instant());
        LiveSubscription sub = subscription(0);
        sub.start();
        for (int i = 0; i < 6; i++) {
            sub.onLive(publish());                           // 3 held, 3 dropped for the bound
        }
        tasks.runUntilIdle(Duration.ofMillis(10), 100);

        assertThat(sub.state()).isEqualTo(State.LIVE);
        assertThat(seqs()).containsExactlyElementsOf(range(1, 8));
    }

    @Test
    void aStoreOutageDuringTheCatchUpRefusesTheSubscription() {
        store.appendMany(JOB, 3, clock.instant());
        store.setAvailable(false);
        LiveSubscription sub = subscription(0);
        sub.start();
        tasks.runAll();

        assertThat(sub.state()).isEqualTo(State.CLOSED);
        assertThat(abandoned).hasValue(1);
        assertThat(channel.errors(CLIENT)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.STORE_UNAVAILABLE);
        store.setAvailable(true);
        sub.onLive(publish());                               // a live event for the refused subscription
        assertThat(seqs()).isEmpty();
    }

    @Test
    void aStoreOutageDuringARepairStallsUntilReconciliationRetries() {
        LiveSubscription sub = live();
        publish();                                           // lost on the bus
        store.setAvailable(false);
        sub.reconcile(1);
        assertThat(sub.state()).isEqualTo(State.REPAIRING);
        tasks.runAll();
        assertThat(sub.state()).isEqualTo(State.STALLED);
        assertThat(abandoned).as("a live subscription is kept").hasValue(0);

        store.setAvailable(true);
        sub.onLive(publish());                               // held while stalled
        assertThat(seqs()).isEmpty();
        sub.reconcile(0);                                    // a stalled repair is retried whatever the head
        tasks.runAll();

        assertThat(sub.state()).isEqualTo(State.LIVE);
        assertThat(seqs()).containsExactly(1L, 2L);
    }

    @Test
    void reconciliationRepairsOnlyWhenBehindTheHead() {
        LiveSubscription sub = live();
        sub.reconcile(0);
        assertThat(sub.state()).isEqualTo(State.LIVE);

        publish();                                           // lost on the bus, no later event shows the gap
        sub.reconcile(1);
        tasks.runAll();
        assertThat(seqs()).containsExactly(1L);
        assertThat(sub.state()).isEqualTo(State.LIVE);
    }

    @Test
    void thePeriodicRoundRepairsOnlyASubscriptionThatReceivedNothingSinceThePreviousRound() {
        LiveSubscription sub = live();
        sub.onLive(publish());
        sub.reconcileIfStuck(0);                             // first round: remembers what was delivered
        publish();                                           // lost on the bus
        sub.onLive(publish());                               // a later event arrives (held behind the gap)

        sub.reconcileIfStuck(3);
        assertThat(sub.state()).as("received nothing new, behind: stuck").isEqualTo(State.REPAIRING);
        tasks.runAll();
        assertThat(seqs()).containsExactly(1L, 2L, 3L);

        sub.onLive(publish());
        sub.reconcileIfStuck(5);
        assertThat(sub.state()).as("behind but still receiving: late, not stuck").isEqualTo(State.LIVE);
    }

    @Test
    void aClientThatStopsReadingItsCatchUpIsCutOffAfterTheStallLimit() {
        store.appendMany(JOB, 10, clock.instant());
        channel.limitRoom(3);                                // room for the first page, not the second
        LiveSubscription sub = subscription(0);
        sub.start();
        tasks.runAll();
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L);

        clock.advance(STALL_LIMIT.minusMillis(1));
        tasks.runAll();
        assertThat(channel.closeCode(CLIENT)).as("still within the stall limit").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        tasks.runAll();
        assertThat(channel.closeCode(CLIENT)).hasValue(ErrorCode.SLOW_CONSUMER.closeCode().orElseThrow());
        assertThat(channel.errors(CLIENT)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.SLOW_CONSUMER);
        assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tasks.hasPending()).isFalse();
    }

    @Test
    void aHoleInTheStoresAnswerIsReadAgainWithBackoffUntilItFills() {
        store.appendMany(JOB, 5, clock.instant());
        store.leaveOutOfReads(seq -> seq == 3);                // a write still in flight elsewhere
        LiveSubscription sub = subscription(0);
        sub.start();
        tasks.runAll();
        assertThat(seqs()).as("nothing past the hole").containsExactly(1L, 2L);
        int reads = store.reads();

        clock.advance(HoleRetries.FIRST_DELAY.minusMillis(1));
        tasks.runAll();
        assertThat(store.reads()).isEqualTo(reads);
        clock.advance(Duration.ofMillis(1));
        tasks.runAll();
        assertThat(store.reads()).as("read again after 50 ms").isEqualTo(reads + 1);
        clock.advance(HoleRetries.FIRST_DELAY);
        tasks.runAll();
        assertThat(store.reads()).as("then after 100 ms").isEqualTo(reads + 1);

        store.leaveOutOfReads(seq -> false);
        clock.advance(HoleRetries.FIRST_DELAY);
        tasks.runAll();
        assertThat(seqs()).containsExactlyElementsOf(range(1, 5));
        assertThat(sub.state()).isEqualTo(State.LIVE);
    }

    @Test
    void aClosedSubscriptionSendsNothingMore() {
        store.appendMany(JOB, 3, clock.instant());
        LiveSubscription sub = subscription(0);
        sub.start();
        sub.onLive(publish());
        sub.close();
        tasks.runAll();
        sub.onLive(publish());
        sub.reconcile(10);

        assertThat(sub.isClosed()).isTrue();
        assertThat(channel.messages(CLIENT)).isEmpty();
        assertThat(tasks.hasPending()).isFalse();
    }
}
