package dev.herald.adapter.file;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A process killed with SIGKILL in the middle of appending loses none of what it acknowledged. */
class KillNineTest {

    private static final int WRITERS = 6;
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedAppendIsThereExactlyOnceAfterAKill() throws Exception {
        List<ForkedAppender.Ack> acks = new ArrayList<>();
        try (ForkedAppender child = ForkedAppender.start(directory, WRITERS)) {
            while (acks.size() < ACKS_BEFORE_KILL) {
                acks.add(child.nextAck());
            }
            // the writers are still appending: the kill lands in the middle of some write
            child.kill();
        }

        try (FileEventStore store = FileEventStore.open(directory)) {
            for (int j = 0; j < 2; j++) {
                JobId job = ForkedAppender.job(j);
                long head = store.headSeq(job);
                List<JobEvent> all = store.readAfter(job, 0, (int) head + 10);
                assertThat(all).extracting(JobEvent::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
                Set<String> payloads = new HashSet<>();
                for (JobEvent event : all) {
                    assertThat(payloads.add(event.payload())).as("stored once: %s", event.payload()).isTrue();
                }
            }
            for (ForkedAppender.Ack ack : acks) {
                JobId job = JobId.of(ack.job());
                List<JobEvent> stored = store.readAfter(job, ack.firstSeq() - 1, (int) (ack.lastSeq() - ack.firstSeq() + 1));
                assertThat(stored).as("acknowledged %s", ack).hasSize((int) (ack.lastSeq() - ack.firstSeq() + 1));
                for (int i = 0; i < stored.size(); i++) {
                    assertThat(stored.get(i).payload()).isEqualTo(ForkedAppender.payload(ack.writer(), ack.round(), i));
                }
            }
        }
    }
}
