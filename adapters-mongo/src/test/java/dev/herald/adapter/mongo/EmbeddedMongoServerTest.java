package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedMongoServerTest {

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");

    @TempDir
    Path dataDirectory;

    @Test
    void eventsSurviveAStopAndStartOnTheSameDirectory() {
        JobId job = JobId.of("job-durable");
        List<JobEvent> written;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDirectory)) {
            assertThat(server.dataFile()).isEqualTo(dataDirectory.resolve("herald-events.mv"));
            assertThat(server.connectionUri()).isEqualTo("mongodb://127.0.0.1:" + server.port());
            written = withStore(server, store -> List.of(
                    store.append(job, EventType.of("job.started"), "{\"a\":\"é\"}", AT),
                    store.append(job, EventType.of("job.completed"), "[1,2]", AT.plusSeconds(1))));
        }
        assertThat(dataDirectory.resolve("herald-events.mv")).isNotEmptyFile();

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDirectory)) {
            withStore(server, store -> {
                assertThat(store.readAfter(job, 0, 10)).isEqualTo(written);
                assertThat(store.facts(job)).contains(new JobFacts(job, 2, 2, AT, AT.plusSeconds(1),
                        EventType.of("job.completed")));
                assertThat(store.append(job, EventType.of("late"), "{}", AT).seq()).isEqualTo(3);
                return null;
            });
        }
    }

    /** A write is journaled before it is answered: the next start runs what the data file does not hold. */
    @Test
    void acknowledgedAppendsSurviveAHardKillOfTheProcess() throws Exception {
        JobId job = JobId.of("job-killed");
        List<JobEvent> written = new ArrayList<>();
        try (ForkedMongoServer server = ForkedMongoServer.startEmbeddedWithoutCheckpoints(dataDirectory)) {
            MongoSettings settings = MongoSettings.of(server.connectionUri());
            try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
                MongoEventStore store = MongoEventStoreFactory.newStore(client, settings);
                for (int i = 1; i <= 20; i++) {
                    written.add(store.append(job, EventType.of("step"), "{\"i\":" + i + "}", AT));
                }
                server.kill(); // the data file holds none of the 20: it would be committed on close only
                assertThat(CommandJournal.segments(dataDirectory)).isNotEmpty();
            }
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDirectory)) {
            withStore(server, store -> {
                assertThat(store.readAfter(job, 0, 100)).isEqualTo(written);
                assertThat(store.headSeq(job)).isEqualTo(20);
                assertThat(store.append(job, EventType.of("after"), "{}", AT).seq()).isEqualTo(21);
                return null;
            });
        }
        assertThat(CommandJournal.segments(dataDirectory)).as("a clean stop leaves no journal").isEmpty();
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedClearly() {
        try (EmbeddedMongoServer first = EmbeddedMongoServer.start(dataDirectory)) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> EmbeddedMongoServer.start(dataDirectory))
                    .withMessageContaining(first.dataFile().toString());
        }
    }

    @Test
    void aTakenPortIsRefusedClearlyAndReleasesTheDataFile(@TempDir Path otherDirectory) {
        try (EmbeddedMongoServer first = EmbeddedMongoServer.start(dataDirectory)) {
            assertThatIllegalStateException()
                    .isThrownBy(() -> EmbeddedMongoServer.start(otherDirectory, first.port()))
                    .withMessageContaining(String.valueOf(first.port()));
            EmbeddedMongoServer.start(otherDirectory).close();
        }
    }

    private static <T> T withStore(EmbeddedMongoServer server, StoreAction<T> action) {
        MongoSettings settings = MongoSettings.of(server.connectionUri());
        try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
            return action.apply(MongoEventStoreFactory.newStore(client, settings));
        }
    }

    private interface StoreAction<T> {
        T apply(MongoEventStore store);
    }
}
