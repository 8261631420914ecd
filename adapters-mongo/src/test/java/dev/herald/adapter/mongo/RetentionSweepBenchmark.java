package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.application.cache.RecentEventsCache;
import dev.herald.application.service.operations.RetentionSweepLoad;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: publish latency with and without a retention sweep running, on the embedded MongoDB
 * (H2 file) behind the recent-events cache, as the gateway runs it ({@link RetentionSweepLoad}).
 * Run like {@link EventStoreBenchmark}, with this class's name.
 */
public final class RetentionSweepBenchmark {

    private RetentionSweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("herald-retention-benchmark");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory)) {
            MongoSettings settings = MongoSettings.of(server.connectionUri());
            try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
                RetentionSweepLoad.run(new RecentEventsCache(MongoEventStoreFactory.newStore(client, settings), 10_000,
                        64L << 20), "embedded MongoDB");
            }
        } finally {
            TestFiles.deleteRecursively(directory);
        }
    }
}
