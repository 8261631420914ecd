package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EventKeysTest {

    private static final JobId JOB = JobId.of("job-42");

    @Test
    void isTheJobIdASlashAndTheSeqIn19Digits() {
        assertThat(EventKeys.of(JOB, 7)).isEqualTo("job-42/0000000000000000007");
        assertThat(EventKeys.of(JOB, Long.MAX_VALUE)).isEqualTo("job-42/9223372036854775807");
        assertThatIllegalArgumentException().isThrownBy(() -> EventKeys.of(JOB, 0));
    }

    @Test
    void sortsBySeqWithinAJobAndNeverInterleavesJobs() {
        List<String> keys = new ArrayList<>();
        for (String job : List.of("a", "a-b", "a.b", "a0", "a:1", "a_", "ab", "a-b-c")) {
            for (long seq : new long[] {1, 9, 10, 99, 100, 12_345, Long.MAX_VALUE}) {
                keys.add(EventKeys.of(JobId.of(job), seq));
            }
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(String::compareTo);
        // each job's keys are one contiguous run of the sorted keys, in seq order
        for (int i = 0; i < keys.size(); i += 7) {
            List<String> ofOneJob = keys.subList(i, i + 7);
            int start = sorted.indexOf(ofOneJob.get(0));
            assertThat(sorted.subList(start, start + 7)).containsExactlyElementsOf(ofOneJob);
        }
    }

    @Test
    void giveTheSeqBack() {
        for (long seq : new long[] {1, 10, 1_000_000_007L, Long.MAX_VALUE}) {
            assertThat(EventKeys.seqOf(EventKeys.of(JOB, seq))).isEqualTo(seq);
        }
        assertThatIllegalStateException().isThrownBy(() -> EventKeys.seqOf("6650f0c2a1b2c3d4e5f60718"));
    }

    @Test
    void rangesStopAtTheLargestSeq() {
        assertThat(EventKeys.range(JOB, 3, 5)).containsExactly("job-42/0000000000000000003",
                "job-42/0000000000000000004", "job-42/0000000000000000005");
        assertThat(EventKeys.range(JOB, 5, 4)).isEmpty();
        assertThat(EventKeys.range(JOB, Long.MAX_VALUE - 1, Long.MAX_VALUE)).hasSize(2);
    }
}
