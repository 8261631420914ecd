package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The backend driven directly (no network): what a hard kill leaves, and what the next start makes
 * of it. A "kill" closes the store without committing, as the process' death would.
 */
class DurableH2BackendTest {

    private static final String DB = "herald";

    @TempDir
    Path directory;

    private final Channel channel = new EmbeddedChannel();
    private MVStore store;
    private DurableH2Backend backend;

    @AfterEach
    void closeWhatIsOpen() {
        if (backend != null) {
            backend.close();
        }
        channel.close();
    }

    @Test
    void writesTheFileDoesNotHoldAreRunAgainOnceEach() {
        open();
        increment(3);
        backend.checkpoint(); // the file holds these three
        increment(2);
        kill();

        open();
        assertThat(counter()).isEqualTo(5);
        assertThat(CommandJournal.segments(directory)).as("replayed, committed, deleted").hasSize(1);
    }

    /** The process died after a commit, before it deleted the segment the file now holds. */
    @Test
    void aSegmentTheFileHoldsIsNotRunAgain() throws IOException {
        open();
        increment(3);
        Path held = CommandJournal.segmentFile(directory, 0);
        byte[] segment = Files.readAllBytes(held);
        backend.checkpoint();
        assertThat(held).doesNotExist();
        Files.write(held, segment);
        increment(1);
        kill();

        open();
        assertThat(counter()).isEqualTo(4);
    }

    @Test
    void aCleanCloseLeavesEverythingInTheFileAndNoJournal() {
        open();
        increment(2);
        backend.close();
        backend = null;
        assertThat(CommandJournal.segments(directory)).isEmpty();

        open();
        assertThat(counter()).isEqualTo(2);
        increment(1);
        kill();
        open();
        assertThat(counter()).isEqualTo(3);
    }

    /** The job heads are hints that readers repair: not worth a journal entry. */
    @Test
    void writesToLazyCollectionsAreNotJournaled() {
        open();
        backend.handleCommand(channel, DB, "update", upsertIncrement("hints"));
        increment(1);

        assertThat(CommandJournal.read(directory, 0)).extracting(entry -> entry.query().get("update"))
                .containsExactly("counters");
    }

    @Test
    void aClosedBackendRefusesWritesClearly() {
        open();
        backend.close();
        assertThatExceptionOfType(MongoServerException.class)
                .isThrownBy(() -> backend.handleCommand(channel, DB, "update", upsertIncrement("counters")))
                .withMessageContaining("shutting down");
        backend = null;
    }

    private void open() {
        store = new MVStore.Builder().fileName(directory.resolve("herald-events.mv").toString())
                .autoCommitDisabled().open();
        backend = DurableH2Backend.open(store, directory, Set.of("hints"));
    }

    private void kill() {
        store.closeImmediately();
        backend = null;
    }

    private void increment(int times) {
        for (int i = 0; i < times; i++) {
            Document reply = backend.handleCommand(channel, DB, "update", upsertIncrement("counters"));
            assertThat(reply.get("ok")).isEqualTo(1.0);
        }
    }

    /** Not idempotent: running it twice shows. */
    private static Document upsertIncrement(String collection) {
        return new Document("update", collection).append("updates", List.of(new Document("q", new Document("_id", "n"))
                .append("u", new Document("$inc", new Document("n", 1))).append("upsert", true)));
    }

    private int counter() {
        Document reply = backend.handleCommand(channel, DB, "find",
                new Document("find", "counters").append("filter", new Document("_id", "n")));
        @SuppressWarnings("unchecked")
        List<Document> batch = (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
        return batch.isEmpty() ? 0 : ((Number) batch.get(0).get("n")).intValue();
    }
}
