package dev.herald.adapter.file;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.IdempotencyKeyReusedException;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the files keep across a close, a torn write and segment rolls. */
class FileEventStoreDurabilityTest {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir
    Path directory;

    private FileEventStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private FileEventStore reopen() {
        return reopen(FileEventStore.DEFAULT_SEGMENT_BYTES);
    }

    private FileEventStore reopen(long segmentBytes) {
        if (store != null) {
            store.close();
        }
        store = FileEventStore.open(directory, FsyncPolicy.never(), segmentBytes);
        return store;
    }

    private static List<NewEvent> batch(int count, String tag) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(EventType.of("batch.step"), "{\"tag\":\"" + tag + "\",\"i\":" + i + "}"));
        }
        return events;
    }

    private static Optional<IdempotencyClaim> claim(String key, String fingerprint, Instant forgetBefore) {
        return Optional.of(new IdempotencyClaim(IdempotencyKey.of(key), fingerprint, forgetBefore));
    }

    private static List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }

    private Path lastSegment() throws IOException {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("events-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void everythingIsBackAfterARestart() {
        JobId a = JobId.of("restart-a");
        JobId b = JobId.of("restart-b");
        reopen();
        store.append(a, EventType.of("job.started"), "{\"x\":\"l'été \uD83D\uDCDA\"}", T0);
        AppendResult keyed = store.appendAll(a, batch(3, "k"), T0.plusSeconds(1), claim("k-1", "fp-1", T0), e -> { });
        store.append(b, EventType.of("only"), "1", T0.plusSeconds(2));
        store.append(a, EventType.of("job.completed"), "{}", T0.plusSeconds(9));
        List<JobEvent> before = store.readAfter(a, 0, 100);
        JobFacts factsBefore = store.facts(a).orElseThrow();

        reopen();
        assertThat(store.readAfter(a, 0, 100)).containsExactlyElementsOf(before);
        assertThat(store.headSeq(a)).isEqualTo(5);
        assertThat(store.headSeq(b)).isEqualTo(1);
        assertThat(store.facts(a)).contains(factsBefore);
        assertThat(factsBefore.lastEventType()).isEqualTo(EventType.of("job.completed"));
        assertThat(factsBefore.firstEventAt()).isEqualTo(T0);

        AppendResult retried = store.appendAll(a, batch(3, "k"), T0.plusSeconds(20), claim("k-1", "fp-1", T0),
                e -> { });
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.firstSeq()).isEqualTo(keyed.firstSeq()).isEqualTo(2);
        assertThat(retried.occurredAt()).isEqualTo(keyed.occurredAt());
        assertThatThrownBy(() -> store.appendAll(a, batch(1, "other"), T0, claim("k-1", "fp-2", T0), e -> { }))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(store.append(a, EventType.of("after"), "{}", T0).seq()).isEqualTo(6);
    }

    @Test
    void sendersAreBackAfterARestartNextToRecordsWithout() {
        JobId game = JobId.of("game:restart");
        Sender ann = new Sender(ClientId.of("ann-conn"), Optional.of("ann — ✓"));
        Sender anonymous = new Sender(ClientId.of("anon-conn"), Optional.empty());
        reopen();
        store.append(game, EventType.of("room.opened"), "{}", T0);
        store.appendAll(game, List.of(new NewEvent(EventType.of("player.ready"), "{\"ready\":true}", Optional.of(ann)),
                new NewEvent(EventType.of("worker.tick"), "1"),
                new NewEvent(EventType.of("player.ready"), "{}", Optional.of(anonymous))),
                T0.plusSeconds(1), Optional.empty(), e -> { });
        store.append(game, EventType.of("room.closed"), "{}", T0.plusSeconds(2));
        List<JobEvent> before = store.readAfter(game, 0, 100);

        reopen();
        List<JobEvent> after = store.readAfter(game, 0, 100);
        assertThat(after).containsExactlyElementsOf(before);
        assertThat(after).extracting(JobEvent::from).containsExactly(Optional.empty(), Optional.of(ann), Optional.empty(),
                Optional.of(anonymous), Optional.empty());
        assertThat(store.readAfter(game, 2, 1)).extracting(JobEvent::from).containsExactly(Optional.empty());
        assertThat(store.facts(game).orElseThrow().lastEventType()).isEqualTo(EventType.of("room.closed"));
    }

    @Test
    void aKeyPastTheWindowOfALaterClaimIsForgottenAfterARestart() {
        JobId job = JobId.of("window");
        reopen();
        store.appendAll(job, batch(1, "old"), T0, claim("old", "fp", T0.minusSeconds(60)), e -> { });
        // a later append claims with a window that starts after the first key's time
        store.appendAll(job, batch(1, "new"), T0.plusSeconds(120), claim("new", "fp", T0.plusSeconds(60)), e -> { });

        reopen();
        AppendResult again = store.appendAll(job, batch(1, "old"), T0.plusSeconds(121),
                claim("old", "fp", T0.minusSeconds(60)), e -> { });
        assertThat(again.replayed()).as("forgotten at the restart, so a new publish").isFalse();
        assertThat(again.firstSeq()).isEqualTo(3);
        assertThat(store.appendAll(job, batch(1, "new"), T0.plusSeconds(122), claim("new", "fp", T0.plusSeconds(60)),
                e -> { }).replayed()).isTrue();
    }

    @Test
    void aTornLastRecordIsCutOffAndAppendsGoOnAfterTheGoodOnes() throws IOException {
        JobId job = JobId.of("torn");
        reopen();
        for (int i = 1; i <= 3; i++) {
            store.append(job, EventType.of("step"), "{\"i\":" + i + "}", T0);
        }
        long goodSize = Files.size(lastSegment());
        store.appendAll(job, batch(5, "torn"), T0, Optional.empty(), e -> { });
        store.close();
        store = null;
        // the kill came in the middle of the batch's write: half of its record made it
        long fullSize = Files.size(lastSegment());
        try (FileChannel channel = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
            channel.truncate(goodSize + (fullSize - goodSize) / 2);
        }

        reopen();
        assertThat(seqs(store.readAfter(job, 0, 100))).containsExactly(1L, 2L, 3L);
        assertThat(store.headSeq(job)).isEqualTo(3);
        assertThat(Files.size(lastSegment())).isEqualTo(goodSize);
        assertThat(store.append(job, EventType.of("step"), "{\"i\":4}", T0).seq()).isEqualTo(4);

        reopen();
        assertThat(seqs(store.readAfter(job, 0, 100))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.readAfter(job, 3, 1).get(0).payload()).isEqualTo("{\"i\":4}");
    }

    @Test
    void garbageAfterTheLastRecordIsCutOff() throws IOException {
        JobId job = JobId.of("garbage");
        reopen();
        store.appendAll(job, batch(2, "g"), T0, Optional.empty(), e -> { });
        store.close();
        store = null;
        long goodSize = Files.size(lastSegment());
        // a plausible length, a wrong CRC, then noise
        ByteBuffer junk = ByteBuffer.allocate(64).putInt(40).putInt(0x12345678);
        while (junk.hasRemaining()) {
            junk.put((byte) 0x5A);
        }
        Files.write(lastSegment(), junk.array(), StandardOpenOption.APPEND);

        reopen();
        assertThat(seqs(store.readAfter(job, 0, 10))).containsExactly(1L, 2L);
        assertThat(Files.size(lastSegment())).isEqualTo(goodSize);
        assertThat(store.appendAll(job, batch(2, "h"), T0, Optional.empty(), e -> { }).firstSeq()).isEqualTo(3);
    }

    @Test
    void smallSegmentsRollAndEverythingStaysReadable() throws IOException {
        reopen(4096);
        List<JobId> jobs = List.of(JobId.of("roll-a"), JobId.of("roll-b"), JobId.of("roll-c"));
        for (int i = 1; i <= 300; i++) {
            JobId job = jobs.get(i % jobs.size());
            if (i % 10 == 0) {
                store.appendAll(job, batch(7, "r" + i), T0.plusMillis(i), Optional.empty(), e -> { });
            } else {
                store.append(job, EventType.of("step"), "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}",
                        T0.plusMillis(i));
            }
        }
        List<List<JobEvent>> before = jobs.stream().map(job -> store.readAfter(job, 0, 10_000)).toList();
        long segments;
        try (var files = Files.list(directory)) {
            segments = files.filter(f -> f.getFileName().toString().startsWith("events-")).count();
        }
        assertThat(segments).isGreaterThan(5);

        reopen(4096);
        for (int j = 0; j < jobs.size(); j++) {
            List<JobEvent> after = store.readAfter(jobs.get(j), 0, 10_000);
            assertThat(after).containsExactlyElementsOf(before.get(j));
            assertThat(seqs(after)).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, after.size()).boxed().toList());
            // pages that start and end inside records and across segments
            assertThat(store.readAfter(jobs.get(j), 5, 17)).containsExactlyElementsOf(before.get(j).subList(5, 22));
        }
    }

    @Test
    void aClosedStoreRefusesAppends() {
        reopen();
        JobId job = JobId.of("closed");
        store.append(job, EventType.of("step"), "{}", T0);
        store.close();
        assertThatThrownBy(() -> store.append(job, EventType.of("step"), "{}", T0))
                .isInstanceOf(EventStoreUnavailableException.class);
        assertThat(store.isWritable()).isFalse();
        store = null;
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        reopen();
        assertThatThrownBy(() -> FileEventStore.open(directory)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("open already");
    }

    @Test
    void aJobWhoseSeqsDoNotFollowOnStopsTheStart() throws IOException {
        JobId job = JobId.of("gap");
        reopen();
        store.append(job, EventType.of("step"), "{}", T0);
        store.close();
        store = null;
        // a second copy of the same record: seq 1 twice
        byte[] segment = Files.readAllBytes(lastSegment());
        Files.write(lastSegment(), segment, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> FileEventStore.open(directory)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inconsistent");
    }
}
