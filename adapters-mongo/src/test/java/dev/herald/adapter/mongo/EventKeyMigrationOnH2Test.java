package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.BsonType;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's data file written by a version before keyed {@code _id}s, opened by this
 * one: the case the migration exists for (the file outlives the upgrade). On the H2 backend.
 */
class EventKeyMigrationOnH2Test {

    private static final JobId JOB = JobId.of("job-from-the-old-file");
    private static final int EVENTS = 40;

    @TempDir
    Path dataDirectory;

    private EmbeddedMongoServer server;
    private MongoClient client;

    @AfterEach
    void stop() {
        closeClient();
        if (server != null) {
            server.close();
        }
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** The old version's data, then a restart of the embedded server (the upgrade). */
    private void writeOldDataFile() {
        server = EmbeddedMongoServer.start(dataDirectory);
        try (MongoClient old = MongoEventStoreFactory.newClient(MongoSettings.of(server.connectionUri()))) {
            List<Document> documents = new ArrayList<>();
            for (long seq = 1; seq <= EVENTS; seq++) {
                documents.add(LegacyEvents.event(JOB.value(), seq));
            }
            LegacyEvents.insert(old.getDatabase(MongoSettings.DEFAULT_DATABASE), documents);
        }
        server.close();
        server = null;
    }

    private MongoEventStore storeOn(int port) {
        MongoSettings settings = MongoSettings.of("mongodb://127.0.0.1:" + port)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(5));
        client = MongoEventStoreFactory.newClient(settings);
        return MongoEventStoreFactory.newStore(client, settings);
    }

    private MongoDatabase database() {
        return client.getDatabase(MongoSettings.DEFAULT_DATABASE);
    }

    @Test
    void theOldDataFileIsMigratedOnceAndReadsOnAfterRestarts() {
        writeOldDataFile();
        server = EmbeddedMongoServer.start(dataDirectory);

        MongoEventStore store = storeOn(server.port());
        assertReadsAllOldEvents(store);
        assertThat(store.append(JOB, EventType.of("step"), "{}", Instant.now()).seq()).isEqualTo(EVENTS + 1);
        closeClient();
        server.close();

        server = EmbeddedMongoServer.start(dataDirectory);
        MongoEventStore afterRestart = storeOn(server.port());
        assertThat(afterRestart.headSeq(JOB)).isEqualTo(EVENTS + 1);
        assertThat(afterRestart.readAfter(JOB, 0, 100)).hasSize(EVENTS + 1);
        assertThat(database().getCollection(JobEventDocument.COLLECTION)
                .countDocuments(Filters.not(Filters.type("_id", BsonType.STRING)))).isZero();
        assertThat(database().getCollection(MigrationMarkers.COLLECTION)
                .find(Filters.eq("_id", EventKeyMigration.NAME)).first())
                .satisfies(marker -> assertThat(marker.get(MigrationMarkers.EVENTS)).isEqualTo((long) EVENTS));
    }

    /** Like the index migration: unreachable at start, it runs before the first operation. */
    @Test
    void aStoreStartedWhileTheDatabaseIsDownMigratesBeforeItsFirstOperation() {
        writeOldDataFile();
        server = EmbeddedMongoServer.start(dataDirectory);
        int port = server.port();
        server.close();
        server = null;
        MongoEventStore store = storeOn(port);

        server = EmbeddedMongoServer.start(dataDirectory, port);

        Eventually.await("the store serves", Duration.ofSeconds(15), () -> answers(store));
        assertReadsAllOldEvents(store);
    }

    private static void assertReadsAllOldEvents(MongoEventStore store) {
        assertThat(store.readAfter(JOB, 0, 100)).extracting(JobEvent::payload)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS)
                        .mapToObj(seq -> LegacyEvents.payload(JOB.value(), seq)).toList());
        assertThat(store.headSeq(JOB)).isEqualTo(EVENTS);
        assertThat(store.facts(JOB)).hasValueSatisfying(facts -> assertThat(facts.eventCount()).isEqualTo(EVENTS));
    }

    private static boolean answers(MongoEventStore store) {
        try {
            store.headSeq(JOB);
            return true;
        } catch (EventStoreUnavailableException e) {
            return false;
        }
    }
}
