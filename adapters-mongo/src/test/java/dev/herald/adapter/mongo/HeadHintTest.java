package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code job_heads} document is only a hint: missing, behind or ahead of the events, the store
 * still appends the next seq without a hole or a duplicate and reports the true head.
 */
class HeadHintTest {

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final EventType STEP = EventType.of("step");

    private MongoServer server;
    private MongoSettings settings;
    private MongoClient client;
    private MongoClient peerClient;
    private MongoEventStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
        peerClient = MongoEventStoreFactory.newClient(settings);
        store = MongoEventStoreFactory.newStore(client, settings);
    }

    @AfterEach
    void stop() {
        client.close();
        peerClient.close();
        server.shutdownNow();
    }

    /** Another gateway, or this one after a restart: it remembers no head of its own. */
    private MongoEventStore freshInstance() {
        return MongoEventStoreFactory.newStore(peerClient, settings);
    }

    private MongoCollection<Document> heads() {
        return client.getDatabase("herald").getCollection(JobHeads.COLLECTION);
    }

    private Long hint(JobId job) {
        Document head = heads().find(new Document("_id", job.value())).first();
        return head == null ? null : head.getLong(JobHeads.HEAD);
    }

    private void setHint(JobId job, long head) {
        heads().replaceOne(new Document("_id", job.value()), new Document("_id", job.value()).append("head", head),
                new ReplaceOptions().upsert(true));
    }

    private void appendTimes(MongoEventStore target, JobId job, int times) {
        for (int i = 0; i < times; i++) {
            target.append(job, STEP, "{}", AT);
        }
    }

    private List<Long> seqs(JobId job) {
        return store.readAfter(job, 0, 1_000).stream().map(JobEvent::seq).toList();
    }

    @Test
    void theFirstAppendSetsTheHintAndItAdvancesEveryStrideSeqs() {
        JobId job = JobId.of("job-hinted");
        appendTimes(store, job, 3);
        assertThat(hint(job)).isEqualTo(1);
        appendTimes(store, job, MongoEventStore.HINT_STRIDE - 3);
        assertThat(hint(job)).as("seq %d", MongoEventStore.HINT_STRIDE).isEqualTo(1);
        appendTimes(store, job, 1);
        assertThat(hint(job)).isEqualTo(MongoEventStore.HINT_STRIDE + 1);
        assertThat(hint(JobId.of("job-never-appended"))).isNull();
        // within the probe's window of the head: another instance finds the head in one probe
        assertThat(freshInstance().headSeq(job)).isEqualTo(MongoEventStore.HINT_STRIDE + 1);
    }

    @Test
    void aMissingHintIsFoundAgainByProbingAndRecreatedByTheNextAppend() {
        JobId job = JobId.of("job-lost-hint");
        appendTimes(store, job, 5);
        heads().deleteOne(new Document("_id", job.value()));
        MongoEventStore other = freshInstance();

        assertThat(other.headSeq(job)).isEqualTo(5);
        assertThat(other.headSeqs(List.of(job))).containsEntry(job, 5L);
        assertThat(other.facts(job)).hasValueSatisfying(facts -> {
            assertThat(facts.headSeq()).isEqualTo(5);
            assertThat(facts.eventCount()).isEqualTo(5);
        });
        assertThat(other.append(job, STEP, "{}", AT).seq()).isEqualTo(6);
        assertThat(hint(job)).isEqualTo(6);
        assertThat(seqs(job)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aHintSlightlyBehindIsCaughtUpByTheProbe() {
        JobId job = JobId.of("job-lagging-hint");
        appendTimes(store, job, 10);
        setHint(job, 7); // e.g. appenders that died between their insert and the hint update

        assertThat(freshInstance().headSeq(job)).isEqualTo(10);
        assertThat(freshInstance().headSeqs(List.of(job))).containsEntry(job, 10L);
        assertThat(freshInstance().append(job, STEP, "{}", AT).seq()).isEqualTo(11);
        assertThat(hint(job)).isEqualTo(11);
    }

    /** Followed with point lookups past the window, and repaired (IndexServedQueriesTest: no scan). */
    @Test
    void aHintFarBehindIsFollowedToTheHeadAndRepaired() {
        JobId job = JobId.of("job-far-behind");
        int events = HeadLocator.WINDOW * 2 + 3;
        appendTimes(store, job, events);
        setHint(job, 2);

        assertThat(freshInstance().headSeq(job)).isEqualTo(events);
        assertThat(hint(job)).as("repaired by the read that followed it").isEqualTo(events);

        setHint(job, 1);
        assertThat(freshInstance().headSeqs(List.of(job, JobId.of("job-none")))).containsEntry(job, (long) events)
                .containsEntry(JobId.of("job-none"), 0L);
        assertThat(hint(job)).isEqualTo(events);

        setHint(job, 0);
        assertThat(freshInstance().append(job, STEP, "{}", AT).seq()).isEqualTo(events + 1);
        assertThat(seqs(job)).containsExactlyElementsOf(LongStream.rangeClosed(1, events + 1).boxed().toList());
    }

    @Test
    void aHintAheadOfTheEventsIsCorrectedWithoutOpeningAHole() {
        JobId job = JobId.of("job-hint-ahead");
        appendTimes(store, job, 3);
        setHint(job, 50); // e.g. job_heads restored from a later backup than job_events

        assertThat(freshInstance().headSeq(job)).isEqualTo(3);
        assertThat(freshInstance().append(job, STEP, "{}", AT).seq()).isEqualTo(4);
        assertThat(hint(job)).isEqualTo(4);
        assertThat(seqs(job)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aPeerThatRanFarAheadIsFollowedByTheHintNotByTheSortQuery() {
        JobId job = JobId.of("job-busy-peer");
        MongoEventStore peer = freshInstance();
        store.append(job, STEP, "{}", AT);
        appendTimes(peer, job, HeadLocator.WINDOW * 3);

        assertThat(store.append(job, STEP, "{}", AT).seq()).isEqualTo(HeadLocator.WINDOW * 3 + 2);
        assertThat(seqs(job)).hasSize(HeadLocator.WINDOW * 3 + 2);
    }

    /**
     * Six threads append to one job, through two long-lived instances and through a fresh instance
     * per append (which knows no head of its own and so depends on the hint), while the hint is
     * deleted, set back or set ahead at random: the seqs stay 1..N, each once, and a reader never
     * sees a hole or a head that goes back.
     */
    @Test
    void concurrentAppendsStayContiguousWhatEverHappensToTheHint() throws Exception {
        JobId job = JobId.of("job-sabotaged-hint");
        MongoEventStore peer = freshInstance();
        int threads = 6;
        int perThread = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        try {
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        MongoEventStore target = switch (writer % 3) {
                            case 0 -> store;
                            case 1 -> peer;
                            default -> freshInstance();
                        };
                        mine.add(target.append(job, STEP, "{}", AT).seq());
                    }
                    return mine;
                }));
            }
            Future<?> saboteur = pool.submit(() -> {
                go.await();
                while (writing.get()) {
                    long head = store.headSeq(job);
                    switch (ThreadLocalRandom.current().nextInt(3)) {
                        case 0 -> heads().deleteOne(new Document("_id", job.value()));
                        case 1 -> setHint(job, ThreadLocalRandom.current().nextLong(head + 1));
                        default -> setHint(job, head + 1 + ThreadLocalRandom.current().nextLong(20));
                    }
                    Thread.sleep(5);
                }
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                go.await();
                long lastHead = 0;
                while (writing.get()) {
                    long head = freshInstance().headSeq(job);
                    if (head < lastHead) {
                        violations.add("head went back from " + lastHead + " to " + head);
                    }
                    lastHead = head;
                    List<JobEvent> read = store.readAfter(job, 0, threads * perThread);
                    for (int i = 0; i < read.size(); i++) {
                        if (read.get(i).seq() != i + 1) {
                            violations.add("position " + i + " held seq " + read.get(i).seq());
                        }
                    }
                }
                return null;
            });
            go.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                all.addAll(writer.get(120, TimeUnit.SECONDS));
            }
            writing.set(false);
            saboteur.get(30, TimeUnit.SECONDS);
            reader.get(30, TimeUnit.SECONDS);

            Collections.sort(all);
            List<Long> expected = LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList();
            assertThat(all).containsExactlyElementsOf(expected);
            assertThat(seqs(job)).containsExactlyElementsOf(expected);
            assertThat(store.headSeq(job)).isEqualTo(threads * perThread);
            assertThat(violations).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
