package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoHealthCheckTest {

    @Test
    void upWithTheStoreAndDatabaseWhenTheServerAnswers() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        MongoSettings settings = MongoSettings.of(server.getConnectionString() + "/events");
        try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
            HealthCheckResponse response = new MongoHealthCheck(MongoEventStoreFactory.newStore(client, settings))
                    .call();

            assertThat(response.getName()).isEqualTo("event-store");
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("store", "mongodb")
                    .containsEntry("database", "events")
                    .containsEntry("reachable", true));
        } finally {
            server.shutdownNow();
        }
    }
}
