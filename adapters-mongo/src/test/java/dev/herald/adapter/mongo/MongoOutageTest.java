package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database goes away and comes back on the same port: the same store instance recovers. */
class MongoOutageTest {

    private static final Duration SERVER_SELECTION = Duration.ofMillis(500);
    /** Scheduling and the driver's own bookkeeping on a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(2500);
    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123Z");

    @TempDir
    Path dataDirectory;

    private EmbeddedMongoServer server;
    private MongoClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MongoSettings settingsFor(int port) {
        return MongoSettings.of("mongodb://127.0.0.1:" + port)
                .withTimeouts(Duration.ofMillis(500), SERVER_SELECTION, Duration.ofSeconds(2));
    }

    private MongoEventStore storeOn(int port) {
        MongoSettings settings = settingsFor(port);
        client = MongoEventStoreFactory.newClient(settings);
        return MongoEventStoreFactory.newStore(client, settings);
    }

    @Test
    void everyMethodFailsFastWhileTheDatabaseIsDownAndTheSameStoreWorksAgainWhenItIsBack() {
        server = EmbeddedMongoServer.start(dataDirectory);
        int port = server.port();
        MongoEventStore store = storeOn(port);
        MongoHealthCheck health = new MongoHealthCheck(store);
        JobId job = JobId.of("job-outage");
        store.append(job, EventType.of("step"), "{\"n\":1}", AT);
        store.append(job, EventType.of("step"), "{\"n\":2}", AT);

        server.close();
        server = null;

        assertFailsFast(() -> store.append(job, EventType.of("step"), "{\"n\":3}", AT));
        assertFailsFast(() -> store.readAfter(job, 0, 10));
        assertFailsFast(() -> store.headSeq(job));
        assertFailsFast(() -> store.headSeqs(List.of(job)));
        assertFailsFast(() -> store.facts(job));
        assertFailsFast(() -> store.append(job, EventType.of("step"), "{\"n\":3}", AT));
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(health.call().getData()).hasValueSatisfying(data -> assertThat(data)
                .containsEntry("reachable", false));

        server = EmbeddedMongoServer.start(dataDirectory, port);

        Eventually.await("the store serves again", Duration.ofSeconds(15), () -> answers(store, job));
        assertThat(store.headSeq(job)).as("the failed appends stored nothing").isEqualTo(2);
        assertThat(store.append(job, EventType.of("step"), "{\"n\":3}", AT).seq()).isEqualTo(3);
        assertThat(store.readAfter(job, 0, 10)).extracting(e -> e.payload())
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(health.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aStoreCreatedWhileTheDatabaseIsDownMigratesAndWorksOnceItIsUp() throws IOException {
        int port = freePort();
        long started = System.nanoTime();
        MongoEventStore store = storeOn(port);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("creating the store waits at most the server selection timeout")
                .isLessThan(SERVER_SELECTION.plus(SLACK));
        JobId job = JobId.of("job-late-database");
        assertFailsFast(() -> store.append(job, EventType.of("step"), "{}", AT));

        server = EmbeddedMongoServer.start(dataDirectory, port);

        Eventually.await("the store serves", Duration.ofSeconds(15), () -> answers(store, job));
        assertThat(store.append(job, EventType.of("step"), "{}", AT).seq()).isEqualTo(1);
        assertThat(client.getDatabase("herald").getCollection(JobEventDocument.COLLECTION).listIndexes())
                .anySatisfy(index -> assertThat(index.getString("name")).isEqualTo(JobEventsIndex.NAME));
    }

    private static void assertFailsFast(Executable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call::execute).isInstanceOf(EventStoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SERVER_SELECTION.plus(SLACK));
    }

    private static boolean answers(MongoEventStore store, JobId job) {
        try {
            store.headSeq(job);
            return true;
        } catch (EventStoreUnavailableException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
