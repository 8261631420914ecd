package dev.herald.bootstrap;

import dev.herald.adapter.file.FileEventStore;
import dev.herald.adapter.mongo.MongoHealthCheck;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileEventStoreWiringTest {

    @TempDir
    Path directory;

    private static HeraldConfig config(Map<String, String> values) {
        return new HeraldConfig(new MapConfig(values));
    }

    @Test
    void theFileKindOpensALogInTheConfiguredFolderWithTheOneEventStoreCheck() {
        Path dir = directory.resolve("log");
        HealthCheckResponse afterClose;
        try (EventStoreProvider provider = new EventStoreProvider(config(Map.of("herald.event-store", "file",
                "herald.file-store.dir", dir.toString(), "herald.file-store.fsync", "always")))) {
            assertThat(provider.store()).isInstanceOf(FileEventStore.class);
            assertThat(provider.cache()).isEmpty();
            assertThat(((FileEventStore) provider.store()).fsync().toString()).isEqualTo("always");
            provider.store().append(JobId.of("wired"), EventType.of("step"), "{}", Instant.now());
            HealthCheckResponse health = provider.health().call();
            assertThat(health.getName()).isEqualTo(MongoHealthCheck.NAME);
            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(Files.exists(dir.resolve("events-0000000001.log"))).isTrue();
            provider.close();
            afterClose = provider.health().call();
        }
        assertThat(afterClose.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void anFsyncValueThatDoesNotParseStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new EventStoreProvider(config(Map.of("herald.event-store", "file",
                "herald.file-store.dir", directory.toString(), "herald.file-store.fsync", "sometimes"))))
                .hasMessageStartingWith("Invalid configuration: herald.file-store.fsync");
    }

    @Test
    void theDefaultFolderIsASiblingOfTheEmbeddedMongoOne() {
        assertThat(EventStoreProvider.defaultFileStoreDir().getParent())
                .isEqualTo(EventStoreProvider.defaultDataDir().getParent());
        assertThat(EventStoreProvider.defaultFileStoreDir().getFileName().toString()).isEqualTo("herald-log");
    }

    @Test
    void withoutAChoiceTheStoreIsMongoWithAUriElseTheFileStore() {
        assertThat(EventStoreProvider.defaultKind(config(Map.of("MONGODB_URI", "mongodb://127.0.0.1:1/x"))))
                .isEqualTo(EventStoreProvider.Kind.MONGO);
        assertThat(EventStoreProvider.defaultKind(config(Map.of(
                "herald.mongo.embedded.data-dir", directory.resolve("none").toString(),
                "herald.file-store.dir", directory.resolve("log").toString()))))
                .isEqualTo(EventStoreProvider.Kind.FILE);
    }

    @Test
    void aNodeWithEventsInTheEarlierEmbeddedStoreAndNoneInTheFileStoreKeepsTheEmbeddedStore() throws Exception {
        Path legacy = Files.createDirectories(directory.resolve("herald-events"));
        Files.writeString(legacy.resolve("events.mv.db"), "x");
        Path log = directory.resolve("herald-log");
        Map<String, String> dirs = Map.of("herald.mongo.embedded.data-dir", legacy.toString(),
                "herald.file-store.dir", log.toString());
        assertThat(EventStoreProvider.defaultKind(config(dirs))).isEqualTo(EventStoreProvider.Kind.MONGO);
        Files.createDirectories(log);
        Files.writeString(log.resolve("events-0000000001.log"), "");
        assertThat(EventStoreProvider.defaultKind(config(dirs))).isEqualTo(EventStoreProvider.Kind.FILE);
    }
}
