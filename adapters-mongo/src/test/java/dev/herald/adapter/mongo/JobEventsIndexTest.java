package dev.herald.adapter.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEventsIndexTest {

    private MongoServer server;
    private MongoClient client;
    private MongoSettings settings;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        settings = MongoSettings.of(server.getConnectionString());
        client = MongoEventStoreFactory.newClient(settings);
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.shutdownNow();
    }

    private MongoCollection<Document> events() {
        return client.getDatabase(settings.database()).getCollection(JobEventDocument.COLLECTION);
    }

    private List<Document> indexesOnJobAndSeq() {
        List<Document> found = new ArrayList<>();
        for (Document index : events().listIndexes()) {
            if (index.get("key", Document.class).containsKey(JobEventDocument.SEQ)) {
                found.add(index);
            }
        }
        return found;
    }

    @Test
    void startingTheStoreCreatesOneUniqueIndexOnJobIdAndSeq() {
        MongoEventStoreFactory.newStore(client, settings);

        assertThat(indexesOnJobAndSeq()).singleElement().satisfies(index -> {
            assertThat(index.getString("name")).isEqualTo(JobEventsIndex.NAME);
            assertThat(index.getBoolean("unique")).isTrue();
            assertThat(new ArrayList<>(index.get("key", Document.class).keySet())).containsExactly("jobId", "seq");
        });
    }

    @Test
    void startingTwiceIsHarmless() {
        MongoEventStore first = MongoEventStoreFactory.newStore(client, settings);
        first.append(JobId.of("job-1"), EventType.of("step"), "{}", Instant.now());
        MongoEventStore second = MongoEventStoreFactory.newStore(client, settings);

        assertThat(indexesOnJobAndSeq()).hasSize(1);
        assertThat(second.append(JobId.of("job-1"), EventType.of("step"), "{}", Instant.now()).seq()).isEqualTo(2);
    }

    @Test
    void theIndexRejectsASecondDocumentWithTheSameJobAndSeq() {
        MongoEventStoreFactory.newStore(client, settings).append(JobId.of("job-1"), EventType.of("step"), "{}",
                Instant.now());
        Document duplicate = new Document("jobId", "job-1").append("seq", 1L).append("eventType", "step")
                .append("occurredAt", new Date()).append("payload", "{}");

        assertThatThrownBy(() -> events().insertOne(duplicate))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(MongoFailures.isDuplicateKey(e)).isTrue());
    }
}
