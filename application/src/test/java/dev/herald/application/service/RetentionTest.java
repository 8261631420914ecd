package dev.herald.application.service;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DeleteJobEventsCommand;
import dev.herald.application.port.in.DeletedEvents;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.application.testing.ManualClock;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sweeper's cut-offs on a manual clock, the on-demand delete, and what subscribers and readers see after. */
class RetentionTest {

    private static final JobId BIG = JobId.of("big");
    private static final JobId SMALL = JobId.of("small");

    private final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final TestEventStore store = new TestEventStore();

    private SweepRetentionService sweeper(RetentionPolicy policy, int batchSize) {
        return new SweepRetentionService(store, new RetentionSettings(policy, batchSize, 1), clock);
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
        assertThat(sweeper(maxEvents(5), 4).sweep()).isEqualTo(18);

        assertThat(store.firstSeq(BIG)).isEqualTo(19);
        assertThat(store.headSeq(BIG)).isEqualTo(23);
        assertThat(store.firstSeq(SMALL)).isEqualTo(1);
        assertThat(sweeper(maxEvents(5), 4).sweep()).isZero();
    }

    @Test
    void theAgeLimitDeletesWhatIsOlderThanTheCutoffAsTheClockMovesOn() {
        Instant start = clock.instant();
        for (int minute = 0; minute < 10; minute++) {
            store.appendMany(BIG, 1, start.plus(Duration.ofMinutes(minute)));
        }
        SweepRetentionService sweeper = sweeper(maxAge(Duration.ofMinutes(30)), 3);

        clock.set(start.plus(Duration.ofMinutes(30)));
        assertThat(sweeper.sweep()).isZero(); // seq 1 is exactly 30 minutes old: not older

        clock.set(start.plus(Duration.ofMinutes(34)).plusSeconds(1));
        assertThat(sweeper.sweep()).isEqualTo(5); // minutes 0..4
        assertThat(store.firstSeq(BIG)).isEqualTo(6);

        clock.advance(Duration.ofHours(1));
        assertThat(sweeper.sweep()).isEqualTo(5);
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
        assertThat(sweeper(both, 100).sweep()).isEqualTo(2);
        clock.set(start.plus(Duration.ofMinutes(8)).plusSeconds(1)); // minutes 2 and 3 too old
        assertThat(sweeper(both, 100).sweep()).isEqualTo(2);
        assertThat(store.firstSeq(BIG)).isEqualTo(5);
        RetentionPolicy tighterCount = new RetentionPolicy(Optional.of(Duration.ofMinutes(5)), OptionalLong.of(2));
        assertThat(sweeper(tighterCount, 100).sweep()).isEqualTo(4);
        assertThat(store.firstSeq(BIG)).isEqualTo(9);
    }

    @Test
    void offDeletesNothing() {
        store.appendMany(BIG, 10, Instant.EPOCH);
        assertThat(sweeper(RetentionPolicy.off(), 10).sweep()).isZero();
        assertThat(store.firstSeq(BIG)).isEqualTo(1);
    }

    @Test
    void aSweepOnAStoreThatIsDownStopsAndTheNextStartsOver() {
        store.appendMany(BIG, 10, clock.instant());
        store.setAvailable(false);
        assertThat(sweeper(maxEvents(2), 10).sweep()).isZero();
        store.setAvailable(true);
        assertThat(sweeper(maxEvents(2), 10).sweep()).isEqualTo(8);
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
