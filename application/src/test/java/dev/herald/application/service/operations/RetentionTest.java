package dev.herald.application.service.operations;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DeleteJobEventsCommand;
import dev.herald.application.port.in.DeletedEvents;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.ManualClock;
import dev.herald.application.testing.ManualTaskScheduler;
import dev.herald.application.testing.TestEventStore;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import dev.herald.domain.retention.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sweeper's cut-offs on a manual clock, the on-demand delete, and what subscribers and readers see after. */
class RetentionTest {

    private static final JobId BIG = JobId.of("big");
    private static final JobId SMALL = JobId.of("small");

    private final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final TestEventStore store = new TestEventStore();

    private final ManualTaskScheduler tasks = new ManualTaskScheduler(clock);

    private SweepRetentionService sweeper(RetentionPolicy policy, int batchSize) {
        return new SweepRetentionService(store, new RetentionSettings(policy, batchSize, 1, Duration.ZERO), tasks, clock);
    }

    /** A whole round, its tasks cranked by hand; the events it deleted. */
    private long sweep(RetentionPolicy policy, int batchSize) {
        CompletableFuture<Long> round = sweeper(policy, batchSize).sweep();
        tasks.runAll();
        assertThat(round).isDone();
        return round.join();
    }

    private static RetentionPolicy maxEvents(long max) {
        return new RetentionPolicy(Optional.empty(), OptionalLong.of(max));
    }

    private static RetentionPolicy maxAge(Duration age) {
        return new RetentionPolicy(Optional.of(age), OptionalLong.empty());
    }

    @Test
    void theCountLimitTrimsEachJobToItsLatestEventsInBatches() {
        store.appendMany(BIG, 23, clock.instant());
        store.appendMany(SMALL, 3, clock.instant());

        // batches of 4 and a jobs page of 1: several store calls per job and per listing
        assertThat(sweep(maxEvents(5), 4)).isEqualTo(18);

        assertThat(store.firstSeq(BIG)).isEqualTo(19);
        assertThat(store.headSeq(BIG)).isEqualTo(23);
        assertThat(store.firstSeq(SMALL)).isEqualTo(1);
        assertThat(sweep(maxEvents(5), 4)).isZero();
    }

    @Test
    void theAgeLimitDeletesWhatIsOlderThanTheCutoffAsTheClockMovesOn() {
        Instant start = clock.instant();
        for (int minute = 0; minute < 10; minute++) {
            store.appendMany(BIG, 1, start.plus(Duration.ofMinutes(minute)));
        }
        RetentionPolicy thirtyMinutes = maxAge(Duration.ofMinutes(30));

        clock.set(start.plus(Duration.ofMinutes(30)));
        assertThat(sweep(thirtyMinutes, 3)).isZero(); // seq 1 is exactly 30 minutes old: not older

        clock.set(start.plus(Duration.ofMinutes(34)).plusSeconds(1));
        assertThat(sweep(thirtyMinutes, 3)).isEqualTo(5); // minutes 0..4
        assertThat(store.firstSeq(BIG)).isEqualTo(6);

        clock.advance(Duration.ofHours(1));
        assertThat(sweep(thirtyMinutes, 3)).isEqualTo(5);
        assertThat(store.firstSeq(BIG)).isEqualTo(11);
        assertThat(store.headSeq(BIG)).isEqualTo(10);
        assertThat(store.append(BIG, dev.herald.domain.job.EventType.of("step"), "{}", clock.instant()).seq())
                .isEqualTo(11);
    }

    @Test
    void theLaterOfBothCutoffsWins() {
        Instant start = clock.instant();
        for (int minute = 0; minute < 10; minute++) {
            store.appendMany(BIG, 1, start.plus(Duration.ofMinutes(minute)));
        }
        RetentionPolicy both = new RetentionPolicy(Optional.of(Duration.ofMinutes(5)), OptionalLong.of(8));
        clock.set(start.plus(Duration.ofMinutes(6)).plusSeconds(1)); // minutes 0 and 1 too old
        assertThat(sweep(both, 100)).isEqualTo(2);
        clock.set(start.plus(Duration.ofMinutes(8)).plusSeconds(1)); // minutes 2 and 3 too old
        assertThat(sweep(both, 100)).isEqualTo(2);
        assertThat(store.firstSeq(BIG)).isEqualTo(5);
        RetentionPolicy tighterCount = new RetentionPolicy(Optional.of(Duration.ofMinutes(5)), OptionalLong.of(2));
        assertThat(sweep(tighterCount, 100)).isEqualTo(4);
        assertThat(store.firstSeq(BIG)).isEqualTo(9);
    }

    @Test
    void offDeletesNothing() {
        store.appendMany(BIG, 10, Instant.EPOCH);
        assertThat(sweep(RetentionPolicy.off(), 10)).isZero();
        assertThat(store.firstSeq(BIG)).isEqualTo(1);
    }

    @Test
    void aSweepOnAStoreThatIsDownStopsAndTheNextStartsOver() {
        store.appendMany(BIG, 10, clock.instant());
        store.setAvailable(false);
        assertThat(sweep(maxEvents(2), 10)).isZero();
        store.setAvailable(true);
        assertThat(sweep(maxEvents(2), 10)).isEqualTo(8);
    }

    @Test
    void theSweepPausesAfterEachBatchWithoutHoldingAThreadAndOneRoundRunsAtATime() {
        store.appendMany(BIG, 9, clock.instant());
        SweepRetentionService sweeper = new SweepRetentionService(store,
                new RetentionSettings(maxEvents(3), 2, 10, Duration.ofMillis(50)), tasks, clock);
        CompletableFuture<Long> round = sweeper.sweep();
        assertThat(sweeper.sweep()).isCompletedWithValue(0L); // the first is still running

        tasks.runAll(); // the jobs page, then the first batch; the next one waits for the pause
        assertThat(store.firstSeq(BIG)).isEqualTo(3);
        clock.advance(Duration.ofMillis(49));
        assertThat(tasks.runAll()).isZero();
        clock.advance(Duration.ofMillis(1));
        tasks.runAll();
        assertThat(store.firstSeq(BIG)).isEqualTo(5);
        assertThat(round).isNotDone();
        clock.advance(Duration.ofMillis(50));
        tasks.runAll(); // the last batch (seq 5 and 6), then the pause, then the end of the job and the round
        clock.advance(Duration.ofMillis(50));
        tasks.runAll();
        assertThat(store.firstSeq(BIG)).isEqualTo(7);
        assertThat(round).isCompletedWithValue(6L);
        assertThat(tasks.hasPending()).isFalse();
        assertThat(sweeper.sweep()).isNotNull(); // a new round may start
    }

    @Test
    void aJobPublishedToFasterThanTheSweepDeletesDoesNotHoldTheRound() {
        store.appendMany(BIG, 10, clock.instant());
        SweepRetentionService sweeper = new SweepRetentionService(store,
                new RetentionSettings(maxEvents(2), 2, 10, Duration.ofMillis(50)), tasks, clock);
        CompletableFuture<Long> round = sweeper.sweep();
        for (int step = 0; step < 20 && !round.isDone(); step++) {
            tasks.runAll();
            store.appendMany(BIG, 3, clock.instant()); // 3 per pause, where a batch deletes 2
            clock.advance(Duration.ofMillis(50));
        }
        // the cut-off fixed when the round reached the job: head 10, keep 2
        assertThat(round).isCompletedWithValue(8L);
        assertThat(store.firstSeq(BIG)).isEqualTo(9);
    }

    // ---- on demand, and what clients see

    private final GatewayFixture gw = new GatewayFixture();

    private DeletedEvents delete(String job, Long beforeSeq) {
        return gw.core.deleteJobEvents().delete(new DeleteJobEventsCommand(JobId.of(job),
                beforeSeq == null ? OptionalLong.empty() : OptionalLong.of(beforeSeq), Credentials.none()));
    }

    @Test
    void anOperatorDeletesBeforeASeqOrEverythingAndTheHeadStays() {
        gw.store.appendMany(BIG, 12, gw.clock.instant());
        assertThat(delete("big", 5L)).isEqualTo(new DeletedEvents(BIG, 4, 5, 12));
        ReadJobSnapshotUseCase snapshots = gw.core.readJobSnapshot();
        assertThat(snapshots.snapshot(BIG, Credentials.none()).orElseThrow().eventCount()).isEqualTo(8);

        assertThat(delete("big", null)).isEqualTo(new DeletedEvents(BIG, 8, 13, 12));
        assertThat(snapshots.snapshot(BIG, Credentials.none())).isEmpty();
        assertThat(gw.publish("big", "step").seq()).isEqualTo(13);
        assertThat(snapshots.snapshot(BIG, Credentials.none()).orElseThrow().eventCount()).isEqualTo(1);
    }

    @Test
    void aBeforeSeqBelowOneIsABadRequest() {
        assertThatThrownBy(() -> delete("big", 0L))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void aSubscriberWhoseEventsWereDeletedIsToldTruncatedAndReplayedFromTheFirstSeq() {
        gw.store.appendMany(BIG, 10, gw.clock.instant());
        delete("big", 7L);
        ClientId late = gw.connect("late");
        ClientId recent = gw.connect("recent");

        gw.subscribe(late, "big", 2L);
        gw.subscribe(recent, "big", 6L);
        gw.settle();
        gw.publish("big", "step");
        gw.settle();

        assertThat(gw.channel.messages(late).get(0)).isEqualTo(new ServerMessage.Subscribed(BIG, 2, 10, 7, true,
                Optional.empty()));
        assertThat(gw.channel.eventSeqs(late, BIG)).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(gw.channel.messages(late, ServerMessage.CaughtUp.class).get(0).replayed()).isEqualTo(4);
        // afterSeq + 1 is the first stored seq: nothing the client asked for is gone
        assertThat(gw.channel.messages(recent).get(0)).isEqualTo(new ServerMessage.Subscribed(BIG, 6, 10, 7, false,
                Optional.empty()));
        assertThat(gw.channel.eventSeqs(recent, BIG)).containsExactly(7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void aSubscriberToAJobWhoseEventsWereAllDeletedFollowsLiveFromTheHead() {
        gw.store.appendMany(BIG, 4, gw.clock.instant());
        delete("big", null);
        ClientId client = gw.connect("c");
        gw.subscribe(client, "big", null);
        gw.settle();
        gw.publish("big", "step");
        gw.settle();
        assertThat(gw.channel.messages(client).get(0)).isEqualTo(new ServerMessage.Subscribed(BIG, 0, 4, 5, true,
                Optional.empty()));
        assertThat(gw.channel.eventSeqs(client, BIG)).containsExactly(5L);
    }

    @Test
    void aLiveSubscriberWhoseMissedEventsWereDeletedGoesOnAfterThemInsteadOfWaitingForever() {
        gw.store.appendMany(BIG, 3, gw.clock.instant());
        ClientId client = gw.connect("c");
        gw.subscribe(client, "big", null);
        gw.settle();
        for (int i = 0; i < 4; i++) {
            gw.publish("big", "step"); // seqs 4..7, their live publications lost
        }
        gw.bus.dropAll();
        delete("big", 6L);
        gw.publish("big", "step"); // seq 8 arrives live: a gap that the store cannot fill below seq 6
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, BIG)).containsExactly(1L, 2L, 3L, 6L, 7L, 8L);
        gw.publish("big", "step");
        gw.settle();
        assertThat(gw.channel.eventSeqs(client, BIG)).containsExactly(1L, 2L, 3L, 6L, 7L, 8L, 9L);
    }

    @Test
    void theEventsPageSaysTheFirstSeqAndStartsThere() {
        gw.store.appendMany(BIG, 10, gw.clock.instant());
        delete("big", 8L);
        EventsPage page = gw.core.readEventsPage().page(new EventsPageQuery(BIG, 0, 2, Credentials.none()));
        assertThat(page.firstSeq()).isEqualTo(8);
        assertThat(page.events()).extracting(e -> e.seq()).containsExactly(8L, 9L);
        assertThat(page.nextAfterSeq()).isEqualTo(9);
        assertThat(page.hasMore()).isTrue();

        delete("big", null);
        EventsPage empty = gw.core.readEventsPage().page(new EventsPageQuery(BIG, 3, 2, Credentials.none()));
        assertThat(empty.firstSeq()).isEqualTo(11);
        assertThat(empty.events()).isEmpty();
        assertThat(empty.nextAfterSeq()).isEqualTo(10);
    }
}
