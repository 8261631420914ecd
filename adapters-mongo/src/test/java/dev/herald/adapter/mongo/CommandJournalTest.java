package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandJournalTest {

    @TempDir
    Path directory;

    @Test
    void entriesAreReadBackInTheOrderTheyWereWrittenPerSegment() {
        try (CommandJournal journal = CommandJournal.startAt(directory, 7)) {
            assertThat(journal.isEmpty()).isTrue();
            journal.append("herald", "insert", insert("a", 1));
            journal.append("herald", "insert", insert("b", 2));
            assertThat(journal.isEmpty()).isFalse();
            assertThat(journal.rotate()).isEqualTo(7);
            assertThat(journal.segment()).isEqualTo(8);
            assertThat(journal.isEmpty()).isTrue();
            journal.append("other", "delete", new Document("delete", "c"));
        }

        assertThat(CommandJournal.segments(directory)).containsExactly(7L, 8L);
        assertThat(CommandJournal.read(directory, 7)).containsExactly(
                new CommandJournal.Entry("herald", "insert", insert("a", 1)),
                new CommandJournal.Entry("herald", "insert", insert("b", 2)));
        assertThat(CommandJournal.read(directory, 8)).containsExactly(
                new CommandJournal.Entry("other", "delete", new Document("delete", "c")));
    }

    /** A crash in the middle of a write leaves part of an entry: its command was never answered. */
    @Test
    void readingStopsAtATornLastEntry() throws IOException {
        try (CommandJournal journal = CommandJournal.startAt(directory, 0)) {
            journal.append("herald", "insert", insert("a", 1));
            journal.append("herald", "insert", insert("b", 2));
        }
        Path segment = CommandJournal.segmentFile(directory, 0);
        byte[] whole = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(whole, whole.length - 3));

        assertThat(CommandJournal.read(directory, 0)).extracting(entry -> entry.query().get("insert"))
                .containsExactly("a");
    }

    @Test
    void readingStopsAtADamagedEntry() throws IOException {
        try (CommandJournal journal = CommandJournal.startAt(directory, 0)) {
            journal.append("herald", "insert", insert("a", 1));
            journal.append("herald", "insert", insert("b", 2));
            journal.append("herald", "insert", insert("c", 3));
        }
        Path segment = CommandJournal.segmentFile(directory, 0);
        byte[] bytes = Files.readAllBytes(segment);
        int secondBody = bytes.length / 3 + 8 + 20; // inside the second of three entries of one size
        bytes[secondBody] ^= 0x55;
        Files.write(segment, bytes);

        assertThat(CommandJournal.read(directory, 0)).extracting(entry -> entry.query().get("insert"))
                .containsExactly("a");
    }

    @Test
    void filesThatAreNotSegmentsAreIgnoredAndDeletingIsIdempotent() throws IOException {
        Files.writeString(directory.resolve(CommandJournal.SEGMENT_PREFIX + "bak"), "x");
        Files.writeString(directory.resolve("herald-events.mv"), "x");
        try (CommandJournal journal = CommandJournal.startAt(directory, 3)) {
            journal.append("herald", "insert", insert("a", 1));
        }
        Files.write(CommandJournal.segmentFile(directory, 12), new byte[0], StandardOpenOption.CREATE_NEW);

        assertThat(CommandJournal.segments(directory)).containsExactly(3L, 12L);
        assertThat(CommandJournal.read(directory, 12)).isEmpty();
        CommandJournal.delete(directory, 3);
        CommandJournal.delete(directory, 3);
        assertThat(CommandJournal.segments(directory)).containsExactly(12L);
    }

    private static Document insert(String collection, int id) {
        return new Document("insert", collection).append("ordered", true)
                .append("documents", List.of(new Document("_id", id).append("payload", "{\"é\":[1,2]}")));
    }
}
