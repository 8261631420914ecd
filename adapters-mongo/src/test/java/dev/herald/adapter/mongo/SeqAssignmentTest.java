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
}
