package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events written by the versions before keyed {@code _id}s: after the upgrade the store reads,
 * counts and continues them as if nothing had changed, rewrites them once per database, and
 * survives a rewrite cut short or run by two gateways at once.
 */
class EventKeyMigrationTest {

    private static final JobId LONG_JOB = JobId.of("job-legacy-long");
    private static final JobId SHORT_JOB = JobId.of("job-legacy-short");
    /** Past the head probe's window: without its head hint the probe would have to follow past it. */
    private static final int LONG_JOB_EVENTS = HeadLocator.WINDOW + 14;
    private static final int SHORT_JOB_EVENTS = 3;

    private CountingMemoryBackend backend;
    private MongoServer server;
    private MongoSettings settings;
    private MongoClient client;

    @BeforeEach
    void start() {
        backend = new CountingMemoryBackend();
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private MongoDatabase database() {
        return client.getDatabase(settings.database());
    }

    private MongoCollection<Document> events() {
        return database().getCollection(JobEventDocument.COLLECTION);
    }

    private MongoEventStore newStore() {
        return MongoEventStoreFactory.newStore(client, settings);
    }

    /** Two jobs, their events interleaved as concurrent publishing would have stored them. */
    private void writeLegacyEvents() {
        List<Document> documents = new ArrayList<>();
        for (long seq = 1; seq <= LONG_JOB_EVENTS; seq++) {
            documents.add(LegacyEvents.event(LONG_JOB.value(), seq));
            if (seq <= SHORT_JOB_EVENTS) {
                documents.add(LegacyEvents.event(SHORT_JOB.value(), seq));
            }
        }
        LegacyEvents.insert(database(), documents);
        assertThat(events().find().first()).satisfies(d -> assertThat(d.get("_id")).isInstanceOf(ObjectId.class));
    }

    @Test
    void afterTheUpgradeOldEventsAreReadCountedAndContinued() {
        writeLegacyEvents();

        MongoEventStore store = newStore();

        List<JobEvent> read = store.readAfter(LONG_JOB, 0, 100);
        assertThat(read).extracting(JobEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, LONG_JOB_EVENTS).boxed().toList());
        assertThat(read.get(6)).satisfies(event -> {
            assertThat(event.payload()).isEqualTo(LegacyEvents.payload(LONG_JOB.value(), 7));
            assertThat(event.eventType()).isEqualTo(EventType.of(LegacyEvents.TYPE + ".7"));
            assertThat(event.occurredAt()).isEqualTo(LegacyEvents.AT.plusSeconds(7));
        });
        assertThat(store.readAfter(SHORT_JOB, 1, 100)).extracting(JobEvent::seq).containsExactly(2L, 3L);
        assertThat(store.headSeq(LONG_JOB)).isEqualTo(LONG_JOB_EVENTS);
        assertThat(store.headSeqs(List.of(LONG_JOB, SHORT_JOB)))
                .containsEntry(LONG_JOB, (long) LONG_JOB_EVENTS).containsEntry(SHORT_JOB, (long) SHORT_JOB_EVENTS);
        assertThat(store.facts(LONG_JOB)).hasValueSatisfying(facts -> {
            assertThat(facts.eventCount()).isEqualTo(LONG_JOB_EVENTS);
            assertThat(facts.firstEventAt()).isEqualTo(LegacyEvents.AT.plusSeconds(1));
            assertThat(facts.lastEventType()).isEqualTo(EventType.of(LegacyEvents.TYPE + "." + LONG_JOB_EVENTS));
        });

        JobEvent next = store.append(LONG_JOB, EventType.of("step"), "{\"after\":\"upgrade\"}", Instant.now());
        assertThat(next.seq()).isEqualTo(LONG_JOB_EVENTS + 1);
        assertThat(store.readAfter(LONG_JOB, LONG_JOB_EVENTS, 10)).containsExactly(next);
        assertThat(newStore().append(SHORT_JOB, EventType.of("step"), "{}", Instant.now()).seq())
                .isEqualTo(SHORT_JOB_EVENTS + 1);

        assertEveryEventKeyedOnce(LONG_JOB_EVENTS + SHORT_JOB_EVENTS + 2);
        assertThat(marker()).isNotNull();
        assertThat(marker().get(MigrationMarkers.EVENTS)).isEqualTo((long) LONG_JOB_EVENTS + SHORT_JOB_EVENTS);
        assertThat(marker().get(MigrationMarkers.AT)).isInstanceOf(Date.class);
    }

    @Test
    void theHeadHintsOfRewrittenJobsAreSetSoThatNoReadNeedsTheSortQuery() {
        writeLegacyEvents();
        newStore();
        assertThat(hint(LONG_JOB)).isEqualTo(LONG_JOB_EVENTS);
        assertThat(hint(SHORT_JOB)).isEqualTo(SHORT_JOB_EVENTS);

        MongoEventStore afterRestart = newStore();
        backend.reset();
        assertThat(afterRestart.headSeq(LONG_JOB)).isEqualTo(LONG_JOB_EVENTS);
        assertThat(afterRestart.facts(LONG_JOB)).isPresent();
        assertThat(backend.workOn(JobEventDocument.COLLECTION).scans()).isZero();
    }

    @Test
    void laterStartsSkipTheMigrationWithOnePointLookup() {
        writeLegacyEvents();
        newStore();
        backend.reset();

        newStore();

        assertThat(backend.workOn(JobEventDocument.COLLECTION))
                .as("no scan for old events, no document read").isEqualTo(new CountingMemoryBackend.Work(0, 0, 0));
        assertThat(backend.workOn(MigrationMarkers.COLLECTION)).isEqualTo(new CountingMemoryBackend.Work(0, 0, 1));
    }

    @Test
    void aFreshDatabaseIsMarkedMigratedAtOnce() {
        MongoEventStore store = newStore();

        assertThat(marker()).isNotNull();
        assertThat(marker().get(MigrationMarkers.EVENTS)).isEqualTo(0L);
        assertThat(store.append(LONG_JOB, EventType.of("step"), "{}", Instant.now()).seq()).isEqualTo(1);
    }

    /**
     * A gateway killed in the middle of a rewrite leaves the stages of {@link LegacyEventRewriter}:
     * events already keyed, originals set aside with their copy in place (killed before the delete),
     * originals set aside without a copy (killed before the insert), originals untouched.
     */
    @Test
    void aRewriteCutShortIsCompletedWithoutLossOrDuplicates() {
        int total = 12;
        List<Document> documents = new ArrayList<>();
        for (long seq = 1; seq <= total; seq++) {
            documents.add(LegacyEvents.event(LONG_JOB.value(), seq));
        }
        LegacyEvents.insert(database(), documents);
        for (long seq = 1; seq <= 9; seq++) {
            Document original = events().find(Filters.eq(JobEventDocument.SEQ, seq)).first();
            LegacyEvent legacy = LegacyEvent.of(original);
            events().updateOne(Filters.eq("_id", original.get("_id")),
                    Updates.set(JobEventDocument.SEQ, legacy.setAsideSeq()));
            if (seq <= 6) {
                events().insertOne(legacy.copy());
            }
            if (seq <= 3) {
                events().deleteOne(Filters.eq("_id", original.get("_id")));
            }
        }
        assertThat(events().countDocuments()).isEqualTo(total + 3);

        MongoEventStore store = newStore();

        assertThat(store.readAfter(LONG_JOB, 0, 100)).extracting(JobEvent::payload)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total)
                        .mapToObj(seq -> LegacyEvents.payload(LONG_JOB.value(), seq)).toList());
        assertThat(store.append(LONG_JOB, EventType.of("step"), "{}", Instant.now()).seq()).isEqualTo(total + 1);
        assertEveryEventKeyedOnce(total + 1);
        assertThat(marker().get(MigrationMarkers.EVENTS)).as("copies inserted by this run: seqs 7 to 12")
                .isEqualTo(6L);
    }

    /** Two gateways upgraded at the same moment: both migrate, neither loses or doubles an event. */
    @Test
    void twoGatewaysMigratingAtOnceAgree() throws Exception {
        int jobs = 20;
        int perJob = 60;
        List<Document> documents = new ArrayList<>();
        for (long seq = 1; seq <= perJob; seq++) {
            for (int j = 0; j < jobs; j++) {
                documents.add(LegacyEvents.event("job-" + j, seq));
            }
        }
        LegacyEvents.insert(database(), documents);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService gateways = Executors.newFixedThreadPool(2);
        List<MongoClient> clients = List.of(MongoEventStoreFactory.newClient(settings),
                MongoEventStoreFactory.newClient(settings));
        try {
            List<Future<MongoEventStore>> started = new ArrayList<>();
            for (MongoClient gatewayClient : clients) {
                Callable<MongoEventStore> start = () -> {
                    go.await();
                    return MongoEventStoreFactory.newStore(gatewayClient, settings);
                };
                started.add(gateways.submit(start));
            }
            go.countDown();
            for (Future<MongoEventStore> gateway : started) {
                MongoEventStore store = gateway.get();
                assertThat(store.headSeq(JobId.of("job-7"))).isEqualTo(perJob);
                assertThat(store.readAfter(JobId.of("job-3"), 0, 100)).hasSize(perJob);
            }
        } finally {
            gateways.shutdownNow();
            clients.forEach(MongoClient::close);
        }
        assertEveryEventKeyedOnce(jobs * perJob);
        assertThat(database().getCollection(MigrationMarkers.COLLECTION).countDocuments()).isEqualTo(1);
    }

    /** Not an event Herald could have stored: left alone, reported, and looked at again next start. */
    @Test
    void aDocumentThatIsNoEventIsLeftAloneAndTheMigrationIsNotMarkedDone() {
        writeLegacyEvents();
        events().insertOne(new Document("jobId", "not a valid id!").append("seq", 1L).append("payload", "{}"));

        MongoEventStore store = newStore();

        assertThat(store.readAfter(LONG_JOB, 0, 100)).hasSize(LONG_JOB_EVENTS);
        assertThat(marker()).isNull();
        assertThat(events().countDocuments(Filters.not(Filters.type("_id", BsonType.STRING))))
                .isEqualTo(1);

        backend.reset();
        newStore();
        assertThat(backend.workOn(JobEventDocument.COLLECTION).scans()).as("looked again").isPositive();
    }

    /**
     * An event's key taken by a different event while the original had its seq set aside (only an
     * appender of a gateway already serving can do that): the original is kept, not deleted.
     */
    @Test
    void anOriginalWhoseKeyHoldsADifferentEventIsKept() {
        LegacyEvents.insert(database(), List.of(LegacyEvents.event(SHORT_JOB.value(), 1),
                LegacyEvents.event(SHORT_JOB.value(), 2)));
        Document original = events().find(Filters.eq(JobEventDocument.SEQ, 2L)).first();
        LegacyEvent legacy = LegacyEvent.of(original);
        events().updateOne(Filters.eq("_id", original.get("_id")),
                Updates.set(JobEventDocument.SEQ, legacy.setAsideSeq()));
        events().insertOne(new Document(legacy.copy()).append(JobEventDocument.PAYLOAD, "{\"other\":true}"));

        MongoEventStore store = newStore();

        assertThat(events().find(Filters.eq("_id", original.get("_id"))).first()).as("kept").isNotNull();
        assertThat(store.readAfter(SHORT_JOB, 0, 10)).extracting(JobEvent::payload)
                .containsExactly(LegacyEvents.payload(SHORT_JOB.value(), 1), "{\"other\":true}");
        assertThat(marker()).isNull();
    }

    private Document marker() {
        return database().getCollection(MigrationMarkers.COLLECTION)
                .find(Filters.eq("_id", EventKeyMigration.NAME)).first();
    }

    private Long hint(JobId job) {
        Document head = database().getCollection(JobHeads.COLLECTION).find(Filters.eq("_id", job.value())).first();
        return head == null ? null : head.getLong(JobHeads.HEAD);
    }

    /** Every document keyed, its seq positive and matching its key: no original left, no duplicate. */
    private void assertEveryEventKeyedOnce(long expected) {
        List<Document> all = events().find().into(new ArrayList<>());
        assertThat(all).hasSize((int) expected);
        assertThat(all).allSatisfy(document -> {
            assertThat(document.get("_id")).isInstanceOf(String.class);
            long seq = ((Number) document.get(JobEventDocument.SEQ)).longValue();
            assertThat(document.getString("_id"))
                    .isEqualTo(EventKeys.of(JobId.of(document.getString(JobEventDocument.JOB_ID)), seq));
        });
    }
}
