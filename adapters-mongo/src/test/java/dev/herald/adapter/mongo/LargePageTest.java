package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest page the REST API asks for (1000 events) of events at the size limit: 64 MB, more than
 * one server reply may carry. The embedded server sends a whole result in one reply unless the
 * reader sets a batch size.
 */
class LargePageTest {

    private static final int PAGE = 1_000;

    @Test
    void aPageOfEventsAtTheSizeLimitIsReadInSeveralReplies() {
        EventType type = EventType.of("chunk");
        String prefix = "{\"blob\":\"";
        String suffix = "\"}";
        String payload = prefix + "z".repeat(EventSizeLimit.DEFAULT_MAX_BYTES - type.value().length()
                - prefix.length() - suffix.length()) + suffix;
        EventSizeLimit.defaults().check(type, payload);
        JobId job = JobId.of("job-large-page");

        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        MongoSettings settings = MongoSettings.of(server.getConnectionString());
        try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
            MongoEventStore store = MongoEventStoreFactory.newStore(client, settings);
            for (int i = 0; i < PAGE; i++) {
                store.append(job, type, payload, Instant.EPOCH);
            }

            List<JobEvent> page = store.readAfter(job, 0, PAGE);

            assertThat(page).hasSize(PAGE);
            assertThat(page.get(PAGE - 1).seq()).isEqualTo(PAGE);
            assertThat(page).allSatisfy(event -> assertThat(event.payload()).isEqualTo(payload));
        } finally {
            server.shutdownNow();
        }
    }
}
