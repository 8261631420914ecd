package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How batches and keys sit in the documents: a batch stored in part (its writer failed midway) is
 * never seen and is cleared away; a key rides on its append's first document.
 */
class BatchAndKeyStorageTest {

    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    private MongoServer server;
    private MongoClient client;
    private MongoEventStore store;
    private MongoCollection<Document> events;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        MongoSettings settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
        store = MongoEventStoreFactory.newStore(client, settings);
        events = client.getDatabase(settings.database()).getCollection(JobEventDocument.COLLECTION);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static List<NewEvent> batch(int count) {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new NewEvent(EventType.of("step"), "{\"i\":" + i + "}"));
        }
        return batch;
    }

    /** What a writer that died midway leaves: the first {@code stored} documents of a batch. */
    private void leavePartOfABatch(JobId job, long first, int size, int stored, Instant at) {
        List<JobEvent> whole = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            whole.add(new JobEvent(job, first + i, EventType.of("lost"), at, "{}"));
        }
        events.insertMany(JobEventDocument.toDocuments(whole, Optional.empty()).subList(0, stored));
    }

    private List<Long> seqs(JobId job) {
        return store.readAfter(job, 0, 100).stream().map(JobEvent::seq).toList();
    }

    @Test
    void aBatchStoredInPartIsInvisibleToReadersAndTheHead() {
        JobId job = JobId.of("open-batch");
        store.appendAll(job, batch(2), NOW, Optional.empty(), e -> { });
        leavePartOfABatch(job, 3, 5, 3, NOW);
        assertThat(seqs(job)).containsExactly(1L, 2L);
        assertThat(store.headSeq(job)).isEqualTo(2);
        assertThat(store.facts(job).orElseThrow().eventCount()).isEqualTo(2);
        assertThat(store.readAfter(job, 2, 10)).isEmpty();
    }

    @Test
    void aWholeBatchIsReadThroughAPageThatEndsInsideIt() {
        JobId job = JobId.of("whole-batch");
        store.appendAll(job, batch(10), NOW, Optional.empty(), e -> { });
        assertThat(store.readAfter(job, 0, 4)).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.readAfter(job, 4, 100)).hasSize(6);
    }

    @Test
    void anAppenderDeletesAStaleUnfinishedBatchAndTakesItsSeqs() {
        JobId job = JobId.of("stale-batch");
        store.append(job, EventType.of("first"), "{}", NOW);
        leavePartOfABatch(job, 2, 4, 2, NOW.minus(OpenBatches.STALE).minusSeconds(1));
        AppendResult next = store.appendAll(job, batch(3), NOW, Optional.empty(), e -> { });
        assertThat(next.firstSeq()).isEqualTo(2);
        assertThat(seqs(job)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.readAfter(job, 0, 10)).extracting(e -> e.eventType().value())
                .containsExactly("first", "step", "step", "step");
    }

    @Test
    void anUnfinishedBatchIsStaleOnlyWellAfterTheSocketTimeout() {
        assertThat(OpenBatches.staleAfter(java.time.Duration.ofSeconds(5))).isEqualTo(OpenBatches.STALE);
        assertThat(OpenBatches.staleAfter(java.time.Duration.ofSeconds(20))).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void anAppenderWaitsForAYoungUnfinishedBatchAndGivesUpWithoutStoring() {
        JobId job = JobId.of("young-batch");
        leavePartOfABatch(job, 1, 4, 2, NOW);
        assertThatThrownBy(() -> store.append(job, EventType.of("x"), "{}", NOW))
                .isInstanceOf(EventStoreUnavailableException.class);
        assertThat(events.countDocuments(Filters.eq(JobEventDocument.JOB_ID, job.value()))).isEqualTo(2);
        assertThat(seqs(job)).isEmpty();
    }

    @Test
    void aBatchCutShortByATakenSeqIsDeletedAndWrittenAgainAfterIt() {
        JobId job = JobId.of("cut-batch");
        store.append(job, EventType.of("first"), "{}", NOW);
        // another instance's event at seq 4, past a gap: the batch 2..6 stops at it (not a real
        // state of two Herald instances, the way to make an insert fail midway here)
        events.insertOne(JobEventDocument.toDocument(new JobEvent(job, 4, EventType.of("stray"), NOW, "{}")));
        assertThatThrownBy(() -> store.appendAll(job, batch(5), NOW, Optional.empty(), e -> { }))
                .isInstanceOf(EventStoreUnavailableException.class);
        // what the failed attempts stored of the batch (seqs 2 and 3) is gone again
        assertThat(events.countDocuments(Filters.eq(JobEventDocument.JOB_ID, job.value()))).isEqualTo(2);
        assertThat(seqs(job)).containsExactly(1L);
    }

    @Test
    void theKeyIsStoredOnTheFirstDocumentOfItsAppendOnly() {
        JobId job = JobId.of("keyed");
        store.appendAll(job, batch(3), NOW, claim("k-1", NOW.minusSeconds(60)), e -> { });
        assertThat(events.countDocuments(Filters.eq(JobEventDocument.PUBLISH_KEY, "keyed/k-1"))).isEqualTo(1);
        assertThat(events.find(Filters.eq(JobEventDocument.PUBLISH_KEY, "keyed/k-1")).first().getLong(JobEventDocument.SEQ))
                .isEqualTo(1L);
    }

    @Test
    void aForgottenKeyIsTakenOffItsOldEventAndServesTheNewPublish() {
        JobId job = JobId.of("forgotten");
        store.appendAll(job, batch(1), NOW.minusSeconds(7200), claim("k", NOW.minusSeconds(9000)), e -> { });
        AppendResult again = store.appendAll(job, batch(1), NOW, claim("k", NOW.minusSeconds(3600)), e -> { });
        assertThat(again.replayed()).isFalse();
        assertThat(again.firstSeq()).isEqualTo(2);
        assertThat(events.find(Filters.eq(JobEventDocument.PUBLISH_KEY, "forgotten/k")).first().getLong(JobEventDocument.SEQ))
                .isEqualTo(2L);
        assertThat(seqs(job)).containsExactly(1L, 2L);
    }

    private static Optional<IdempotencyClaim> claim(String key, Instant forgetBefore) {
        return Optional.of(new IdempotencyClaim(IdempotencyKey.of(key), "fp", forgetBefore));
    }
}
