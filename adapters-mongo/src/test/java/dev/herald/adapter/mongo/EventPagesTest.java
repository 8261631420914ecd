package dev.herald.adapter.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.MongoCollection;
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
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages read by key: a gap ends the page, and pages larger than one query's keys are read whole. */
class EventPagesTest {

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final EventType STEP = EventType.of("step");

    private MongoServer server;
    private MongoClient client;
    private MongoEventStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
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

    private MongoCollection<Document> events() {
        return client.getDatabase("herald").getCollection(JobEventDocument.COLLECTION);
    }

    private static List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void aGapEndsThePageBeforeIt() {
        JobId job = JobId.of("job-with-gap");
        for (int i = 0; i < 10; i++) {
            store.append(job, STEP, "{}", AT);
        }
        // never made by the store; stands for an event not visible yet
        events().deleteOne(new Document(JobEventDocument.ID, EventKeys.of(job, 6)));

        assertThat(seqs(store.readAfter(job, 0, 100))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.readAfter(job, 5, 100)).isEmpty();
        assertThat(seqs(store.readAfter(job, 6, 100))).containsExactly(7L, 8L, 9L, 10L);
    }

    @Test
    void aPageLargerThanTheKeysOfOneQueryIsReadWhole() {
        JobId job = JobId.of("job-long");
        int total = EventPages.KEYS_PER_QUERY * 2 + 100;
        List<Document> documents = new ArrayList<>();
        for (long seq = 1; seq <= total; seq++) {
            documents.add(new Document(JobEventDocument.ID, EventKeys.of(job, seq))
                    .append(JobEventDocument.JOB_ID, job.value()).append(JobEventDocument.SEQ, seq)
                    .append(JobEventDocument.EVENT_TYPE, STEP.value())
                    .append(JobEventDocument.OCCURRED_AT, Date.from(AT)).append(JobEventDocument.PAYLOAD, "{}"));
        }
        events().insertMany(documents);

        assertThat(seqs(store.readAfter(job, 0, total + 500))).containsExactlyElementsOf(range(1, total));
        assertThat(seqs(store.readAfter(job, 10, EventPages.KEYS_PER_QUERY + 1)))
                .containsExactlyElementsOf(range(11, 11 + EventPages.KEYS_PER_QUERY));
        assertThat(seqs(store.readAfter(job, 0, EventPages.KEYS_PER_QUERY)))
                .containsExactlyElementsOf(range(1, EventPages.KEYS_PER_QUERY));
    }

    @Test
    void extremeAfterSeqsNeitherFailNorInventEvents() {
        JobId job = JobId.of("job-extremes");
        store.append(job, STEP, "{}", AT);
        store.append(job, STEP, "{}", AT);

        assertThat(seqs(store.readAfter(job, -5, 10))).containsExactly(1L, 2L);
        assertThat(store.readAfter(job, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.readAfter(job, Long.MAX_VALUE - 3, 10)).isEmpty();
        assertThat(store.readAfter(job, 0, 0)).isEmpty();
    }

    /**
     * Every key asked for is an index lookup, found or not: a read that finds a few events (a live
     * gap repaired, an up-to-date subscriber) asks for a few keys, not for a page size of them.
     */
    @Test
    void aReadAsksForKeysInGrowingWindowsNotForAWholePageAtOnce() {
        AtomicLong keysAsked = new AtomicLong();
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && event.getCommand().getString("find").getValue().equals(JobEventDocument.COLLECTION)
                        && event.getCommand().getDocument("filter").containsKey("_id")) {
                    keysAsked.addAndGet(event.getCommand().getDocument("filter").getDocument("_id").getArray("$in").size());
                }
            }
        };
        try (MongoClient counted = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(MongoSettings.of(server.getConnectionString()).connectionString())
                .addCommandListener(counter).build())) {
            MongoEventStore countedStore = new MongoEventStore(counted, "herald");
            JobId few = JobId.of("job-few");
            JobId many = JobId.of("job-many");
            for (int i = 0; i < 3; i++) {
                countedStore.append(few, STEP, "{}", AT);
            }
            for (int i = 0; i < 100; i++) {
                countedStore.append(many, STEP, "{}", AT);
            }

            keysAsked.set(0);
            assertThat(countedStore.readAfter(JobId.of("job-none"), 0, 500)).isEmpty();
            assertThat(keysAsked).hasValue(EventPages.FIRST_WINDOW);

            keysAsked.set(0);
            assertThat(seqs(countedStore.readAfter(few, 0, 500))).containsExactly(1L, 2L, 3L);
            assertThat(keysAsked).hasValue(EventPages.FIRST_WINDOW);

            keysAsked.set(0);
            assertThat(seqs(countedStore.readAfter(many, 0, 500))).containsExactlyElementsOf(range(1, 100));
            // 16 + 32 + 64 keys: the third window is the first one not full
            assertThat(keysAsked).hasValue(16 + 32 + 64);
        }
    }
}
