package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import dev.herald.adapter.mongo.CountingMemoryBackend.Work;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every store operation on a job is answered by index lookups on mongo-java-server: the work it
 * does there (documents fetched, full scans) is the same whether the collection holds 5 events or
 * 20 000 events of other jobs, and no operation scans a collection. Counted in the server, so the
 * proof does not depend on timings.
 */
class IndexServedQueriesTest {

    private static final int OTHER_JOBS = 100;
    private static final int EVENTS_PER_OTHER_JOB = 200;
    private static final EventType STEP = EventType.of("step");
    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");

    private CountingMemoryBackend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoEventStore store;

    @BeforeEach
    void start() {
        backend = new CountingMemoryBackend();
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        MongoSettings settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
        store = MongoEventStoreFactory.newStore(client, settings);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void theWorkOnASmallJobDoesNotGrowWithTheEventsOfOtherJobs() {
        Map<String, List<Work>> withFewEvents = workOnASmallJob(JobId.of("job-small-1"));

        fillOtherJobs();
        assertThat(client.getDatabase("herald").getCollection(JobEventDocument.COLLECTION).countDocuments())
                .isGreaterThanOrEqualTo((long) OTHER_JOBS * EVENTS_PER_OTHER_JOB);
        Map<String, List<Work>> withManyEvents = workOnASmallJob(JobId.of("job-small-2"));

        assertThat(withManyEvents).isEqualTo(withFewEvents);
        withManyEvents.forEach((operation, work) -> {
            for (Work onCollection : work) {
                assertThat(onCollection.scans()).as(operation + " scans no collection").isZero();
                // a handful: the probe's hint, the page's events, the heads document
                assertThat(onCollection.documentsFetched()).as(operation + " fetches few documents")
                        .isLessThanOrEqualTo(10);
            }
        });
    }

    /**
     * A heads document far behind the events (under load it is updated after the insert, and a
     * reader can come in between), or none: the head is followed with point lookups, not found by
     * the sort query, which on this server scans the collection under its lock while every append
     * waits.
     */
    @Test
    void aHintFarBehindOrMissingIsFollowedWithPointLookupsNotAScan() {
        fillOtherJobs();
        JobId job = JobId.of("job-lagging-hint");
        int events = HeadLocator.WINDOW * 12;
        insertEvents(job, events);
        MongoCollection<Document> heads = client.getDatabase("herald").getCollection(JobHeads.COLLECTION);
        heads.replaceOne(new Document(JobHeads.ID, job.value()), new Document(JobHeads.ID, job.value()).append(JobHeads.HEAD, 3L),
                new ReplaceOptions().upsert(true));

        backend.reset();
        assertThat(freshInstance().headSeq(job)).isEqualTo(events);
        Work followed = backend.workOn(JobEventDocument.COLLECTION);
        assertThat(followed.scans()).isZero();
        assertThat(followed.documentsFetched()).as("the lag and less than as much again").isLessThan(2L * events);
        assertThat(heads.find(new Document(JobHeads.ID, job.value())).first().getLong(JobHeads.HEAD))
                .as("advanced by the read that followed it").isEqualTo(events);

        heads.deleteOne(new Document(JobHeads.ID, job.value()));
        backend.reset();
        assertThat(freshInstance().headSeqs(List.of(job, JobId.of("job-none")))).containsEntry(job, (long) events)
                .containsEntry(JobId.of("job-none"), 0L);
        assertThat(backend.workOn(JobEventDocument.COLLECTION).scans()).isZero();
    }

    /** The batch lookup (periodic reconciliation) starts from this instance's own last append. */
    @Test
    void manyHeadsStartFromThisInstancesOwnAppendsWhenTheHeadsDocumentLags() {
        JobId job = JobId.of("job-appended-here");
        for (int i = 0; i < HeadLocator.WINDOW * 4; i++) {
            store.append(job, STEP, "{}", AT);
        }
        client.getDatabase("herald").getCollection(JobHeads.COLLECTION).replaceOne(new Document(JobHeads.ID, job.value()),
                new Document(JobHeads.ID, job.value()).append(JobHeads.HEAD, 1L));

        backend.reset();
        assertThat(store.headSeqs(List.of(job))).containsEntry(job, HeadLocator.WINDOW * 4L);
        assertThat(backend.workOn(JobEventDocument.COLLECTION).documentsFetched())
                .as("the last append and nothing past it, not the " + HeadLocator.WINDOW * 4 + " seqs past the hint")
                .isLessThanOrEqualTo(1);
    }

    /** The instrument sees scans: the sort query the store keeps for a hint ahead of the events is one. */
    @Test
    void theSortQueryFallbackIsAFullScanOnMongoJavaServer() {
        fillOtherJobs();
        JobId job = JobId.of("job-with-hint-ahead");
        insertEvents(job, HeadLocator.WINDOW + 5);
        // e.g. job_heads restored from a later backup than job_events: the hint is not stored
        client.getDatabase("herald").getCollection(JobHeads.COLLECTION).replaceOne(new Document(JobHeads.ID, job.value()),
                new Document(JobHeads.ID, job.value()).append(JobHeads.HEAD, 500L), new ReplaceOptions().upsert(true));
        backend.reset();

        assertThat(freshInstance().headSeq(job)).isEqualTo(HeadLocator.WINDOW + 5);

        Work fallback = backend.workOn(JobEventDocument.COLLECTION);
        assertThat(fallback.scans()).isEqualTo(1);
        assertThat(fallback.documentsScanned()).isGreaterThanOrEqualTo((long) OTHER_JOBS * EVENTS_PER_OTHER_JOB);

        // repaired: the next lookup is a point lookup again
        backend.reset();
        assertThat(freshInstance().headSeq(job)).isEqualTo(HeadLocator.WINDOW + 5);
        assertThat(backend.workOn(JobEventDocument.COLLECTION).scans()).isZero();
    }

    /** Another gateway, or this one after a restart: it remembers no head of its own. */
    private MongoEventStore freshInstance() {
        return MongoEventStoreFactory.newStore(client, MongoSettings.of(server.getConnectionString()));
    }

    /** Per operation, the work on job_events and on job_heads. */
    private Map<String, List<Work>> workOnASmallJob(JobId job) {
        for (int i = 0; i < 5; i++) {
            store.append(job, STEP, "{\"i\":" + i + "}", AT);
        }
        JobId unknown = JobId.of(job.value() + "-unknown");
        Map<String, List<Work>> work = new LinkedHashMap<>();
        work.put("append", measure(() -> store.append(job, STEP, "{}", AT)));
        work.put("append by another instance", measure(() -> MongoEventStoreFactory
                .newStore(client, MongoSettings.of(server.getConnectionString())).append(job, STEP, "{}", AT)));
        work.put("append to a new job", measure(() -> store.append(JobId.of(job.value() + "-new"), STEP, "{}", AT)));
        work.put("readAfter page", measure(() -> assertThat(store.readAfter(job, 2, 100))
                .extracting(JobEvent::seq).containsExactly(3L, 4L, 5L, 6L, 7L)));
        work.put("readAfter at the head", measure(() -> assertThat(store.readAfter(job, 7, 500)).hasSize(0)));
        work.put("headSeq", measure(() -> assertThat(store.headSeq(job)).isEqualTo(7)));
        work.put("headSeq of an unknown job", measure(() -> assertThat(store.headSeq(unknown)).isZero()));
        work.put("headSeqs", measure(() -> assertThat(store.headSeqs(List.of(job, unknown)))
                .containsEntry(job, 7L).containsEntry(unknown, 0L)));
        work.put("facts", measure(() -> assertThat(store.facts(job)).hasValueSatisfying(
                facts -> assertThat(facts.eventCount()).isEqualTo(7))));
        return work;
    }

    private List<Work> measure(Supplier<?> operation) {
        backend.reset();
        operation.get();
        return List.of(backend.workOn(JobEventDocument.COLLECTION), backend.workOn(JobHeads.COLLECTION));
    }

    /** In the store's document format, in bulk: 20 000 appends one by one would take long. */
    private void fillOtherJobs() {
        MongoDatabase database = client.getDatabase("herald");
        List<Document> heads = new ArrayList<>();
        for (int j = 0; j < OTHER_JOBS; j++) {
            JobId other = JobId.of("job-other-" + j);
            insertEvents(other, EVENTS_PER_OTHER_JOB);
            heads.add(new Document(JobHeads.ID, other.value()).append(JobHeads.HEAD, (long) EVENTS_PER_OTHER_JOB));
        }
        database.getCollection(JobHeads.COLLECTION).insertMany(heads);
    }

    /** Seqs 1..count of a job, in the store's document format, without a heads document. */
    private void insertEvents(JobId job, int count) {
        List<Document> events = new ArrayList<>();
        for (long seq = 1; seq <= count; seq++) {
            events.add(new Document(JobEventDocument.ID, EventKeys.of(job, seq))
                    .append(JobEventDocument.JOB_ID, job.value())
                    .append(JobEventDocument.SEQ, seq)
                    .append(JobEventDocument.EVENT_TYPE, STEP.value())
                    .append(JobEventDocument.OCCURRED_AT, Date.from(AT))
                    .append(JobEventDocument.PAYLOAD, "{\"n\":" + seq + "}"));
        }
        client.getDatabase("herald").getCollection(JobEventDocument.COLLECTION).insertMany(events);
    }
}
