package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The head an instance remembers from its own appends is only a hint: the database decides. */
class SeqAssignmentTest {

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final EventType STEP = EventType.of("step");

    private MongoServer server;
    private MongoClient client;
    private MongoClient peerClient;
    private MongoEventStore store;
    private MongoEventStore peer;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        MongoSettings settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
        peerClient = MongoEventStoreFactory.newClient(settings);
        store = MongoEventStoreFactory.newStore(client, settings);
        peer = MongoEventStoreFactory.newStore(peerClient, settings);
    }

    @AfterEach
    void stop() {
        client.close();
        peerClient.close();
        server.shutdownNow();
    }

    @Test
    void appendsAfterWhatAnotherInstanceStoredSinceItsOwnLastAppend() {
        JobId job = JobId.of("job-shared");
        store.append(job, STEP, "{}", AT);
        peer.append(job, STEP, "{}", AT);
        peer.append(job, STEP, "{}", AT);

        assertThat(store.append(job, STEP, "{}", AT).seq()).isEqualTo(4);
        assertThat(store.readAfter(job, 0, 10)).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void opensNoHoleWhenTheDatabaseLostEventsThisInstanceRemembers() {
        JobId job = JobId.of("job-restored");
        for (int i = 0; i < 3; i++) {
            store.append(job, STEP, "{}", AT);
        }
        // e.g. a restore from an older backup, or a rolled-back fail-over
        client.getDatabase("herald").getCollection(JobEventDocument.COLLECTION)
                .deleteMany(Filters.and(Filters.eq("jobId", job.value()), Filters.gt("seq", 1L)));

        assertThat(store.append(job, STEP, "{}", AT).seq()).isEqualTo(2);
        assertThat(store.readAfter(job, 0, 10)).extracting(JobEvent::seq).containsExactly(1L, 2L);
    }

    /** Request threads of one instance wait their turn instead of losing races on the unique key. */
    @Test
    void concurrentAppendsToOneJobOnOneInstanceNeverRaceForASeq() throws Exception {
        JobId job = JobId.of("job-busy");
        int threads = 16;
        int appendsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < appendsEach; i++) {
                        store.append(job, STEP, "{}", AT);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.lostRaces()).isZero();
        assertThat(store.readAfter(job, 0, 1000)).extracting(JobEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * appendsEach).boxed().toList());
    }

    /** Between instances the unique key still decides: the loser appends after the winner. */
    @Test
    void twoInstancesAppendingToOneJobAtOnceLoseNothing() throws Exception {
        JobId job = JobId.of("job-contended");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                MongoEventStore instance = t % 2 == 0 ? store : peer;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        instance.append(job, STEP, "{}", AT);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.readAfter(job, 0, 1000)).extracting(JobEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 160).boxed().toList());
    }

    /** Appends that queue up while their job's turn is taken are written together: one insert. */
    @Test
    void appendsWaitingForTheirTurnAreStoredInOneInsert() throws Exception {
        JobId job = JobId.of("job-grouped");
        List<JobEvent> stored = appendWhileTurnIsHeld(job, 10, () -> { });

        assertThat(stored).extracting(JobEvent::seq).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(store.insertRounds()).isEqualTo(1);
        assertThat(store.readAfter(job, 0, 100)).containsExactlyElementsOf(
                stored.stream().sorted(java.util.Comparator.comparingLong(JobEvent::seq)).toList());
        assertThat(store.headSeq(job)).isEqualTo(10);
    }

    /**
     * Another instance stored a seq inside the group's range: the group's events before it stay
     * stored (an ordered insert stops there), the rest are stored after it. No hole, no duplicate.
     */
    @Test
    void aGroupCutShortByAnotherInstancesSeqStoresTheRestAfterIt() throws Exception {
        JobId job = JobId.of("job-cut");
        store.append(job, STEP, "{}", AT);
        long roundsBefore = store.insertRounds();

        List<JobEvent> stored = appendWhileTurnIsHeld(job, 3, () -> client.getDatabase("herald")
                .getCollection(JobEventDocument.COLLECTION)
                .insertOne(JobEventDocument.toDocument(new JobEvent(job, 3, STEP, AT, "{\"peer\":true}"))));

        assertThat(stored).extracting(JobEvent::seq).containsExactlyInAnyOrder(2L, 4L, 5L);
        assertThat(store.insertRounds() - roundsBefore).isEqualTo(2);
        assertThat(store.lostRaces()).isEqualTo(1);
        assertThat(store.readAfter(job, 0, 100)).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aPublisherInterruptedBeforeItsTurnStoresNothing() throws Exception {
        JobId job = JobId.of("job-interrupted");
        ReentrantLock turn = store.appendLocks().of(job);
        turn.lock();
        Thread publisher;
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            publisher = new Thread(() -> {
                try {
                    store.append(job, STEP, "{}", AT);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            publisher.start();
            awaitWaiting(job, 1);
            publisher.interrupt();
            publisher.join(10_000);
        } finally {
            store.appendLocks().endTurn(job);
        }

        assertThat(failure.get()).isInstanceOf(dev.herald.application.port.out.EventStoreUnavailableException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(store.appendLocks().waitingCount(job)).isZero();
        assertThat(store.headSeq(job)).isZero();
    }

    /**
     * A publisher whose append another publisher's turn wrote returns at once: it waits for its
     * append, not for the turn. Here the group's last callback (still inside the turn) waits for
     * the others to return; publishers queued on the lock itself could not.
     */
    @Test
    void publishersWhoseAppendsATurnWroteReturnWhileThatTurnStillRuns() throws Exception {
        JobId job = JobId.of("job-no-convoy");
        int count = 10;
        CountDownLatch returned = new CountDownLatch(count - 2); // all but the turn's holder and the last one
        java.util.concurrent.atomic.AtomicBoolean othersReturnedDuringTheTurn = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Consumer<JobEvent> onStored = event -> {
            if (event.seq() == count) {
                try {
                    othersReturnedDuringTheTurn.set(returned.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<JobEvent>> appends = new ArrayList<>();
        store.appendLocks().of(job).lock();
        try {
            for (int i = 0; i < count; i++) {
                appends.add(pool.submit(() -> {
                    JobEvent event = store.append(job, STEP, "{}", AT, onStored);
                    returned.countDown();
                    return event;
                }));
            }
            awaitWaiting(job, count);
        } finally {
            store.appendLocks().endTurn(job);
        }
        try {
            for (Future<JobEvent> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(othersReturnedDuringTheTurn).isTrue();
        assertThat(store.readAfter(job, 0, 100)).extracting(JobEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
    }

    /** Jobs that share a lock stripe hand the turn on to each other: every append is stored. */
    @Test
    void appendersOfJobsSharingAStripeAllGetTheirTurn() throws Exception {
        JobId first = JobId.of("job-stripe-0");
        JobId second = null;
        for (int i = 1; second == null; i++) {
            JobId candidate = JobId.of("job-stripe-" + i);
            if (AppendLocks.stripe(candidate) == AppendLocks.stripe(first)) {
                second = candidate;
            }
        }
        JobId other = second;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<JobEvent>> appends = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                JobId job = i % 2 == 0 ? first : other;
                appends.add(pool.submit(() -> store.append(job, STEP, "{}", AT)));
            }
            for (Future<JobEvent> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (JobId job : List.of(first, other)) {
            assertThat(store.readAfter(job, 0, 500)).extracting(JobEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        }
        assertThat(store.appendLocks().waitingCount(first)).isZero();
    }

    /** Holds the job's turn until {@code count} appends wait for it, runs {@code meanwhile}, then lets them go. */
    private List<JobEvent> appendWhileTurnIsHeld(JobId job, int count, Runnable meanwhile) throws Exception {
        ReentrantLock turn = store.appendLocks().of(job);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<JobEvent>> appends = new ArrayList<>();
        try {
            turn.lock();
            try {
                for (int i = 0; i < count; i++) {
                    int n = i;
                    appends.add(pool.submit(() -> store.append(job, STEP, "{\"n\":" + n + "}", AT)));
                }
                awaitWaiting(job, count);
                meanwhile.run();
            } finally {
                store.appendLocks().endTurn(job);
            }
            List<JobEvent> stored = new ArrayList<>();
            for (Future<JobEvent> append : appends) {
                stored.add(append.get(30, TimeUnit.SECONDS));
            }
            return stored;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (for threads to get there, not for time to pass) until {@code count} appends are queued. */
    private void awaitWaiting(JobId job, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.appendLocks().waitingCount(job) < count) {
            assertThat(System.nanoTime()).as("appends queued for the turn").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
