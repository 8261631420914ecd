package dev.herald.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TerminalEventTypes}, {@link JobStatus}, {@link JobFacts} and the {@link JobSnapshot} built from them. */
class JobStatusAndSnapshotTest {

    private static final JobId JOB = JobId.of("job-1");
    private static final Instant FIRST = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant LAST = Instant.parse("2026-01-02T03:09:00Z");

    @ParameterizedTest
    @CsvSource({"ACTIVE, active", "COMPLETED, completed", "FAILED, failed", "CANCELLED, cancelled"})
    void wireNamesAreTheContractsLowerCaseStatuses(JobStatus status, String wire) {
        assertThat(status.wireName()).isEqualTo(wire);
    }

    @Test
    void thereAreExactlyTheFourContractStatuses() {
        assertThat(JobStatus.values()).extracting(JobStatus::wireName)
                .containsExactlyInAnyOrder("active", "completed", "failed", "cancelled");
    }

    @ParameterizedTest
    @CsvSource({"job.completed, COMPLETED", "job.failed, FAILED", "job.cancelled, CANCELLED"})
    void defaultTerminalTypes(String type, JobStatus status) {
        assertThat(TerminalEventTypes.defaults().statusAfter(EventType.of(type))).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"job.started", "job.progress", "generation.chapter.started", "job.completed.partially",
            "Job.Completed", "JOB.FAILED", "completed", "job.canceled", "job.complete", "build.done"})
    void everyOtherTypeIsActiveUnderTheDefaults(String type) {
        assertThat(TerminalEventTypes.defaults().statusAfter(EventType.of(type))).isEqualTo(JobStatus.ACTIVE);
    }

    @Test
    void customTerminalNamesReplaceTheDefaults() {
        TerminalEventTypes custom = TerminalEventTypes.of("build.done", "build.error", "build.aborted");
        assertThat(custom.statusAfter(EventType.of("build.done"))).isEqualTo(JobStatus.COMPLETED);
        assertThat(custom.statusAfter(EventType.of("build.error"))).isEqualTo(JobStatus.FAILED);
        assertThat(custom.statusAfter(EventType.of("build.aborted"))).isEqualTo(JobStatus.CANCELLED);
        // the defaults no longer apply once configured otherwise
        assertThat(custom.statusAfter(EventType.of("job.completed"))).isEqualTo(JobStatus.ACTIVE);
        assertThat(custom.statusAfter(EventType.of("job.failed"))).isEqualTo(JobStatus.ACTIVE);
        assertThat(custom.statusAfter(EventType.of("job.cancelled"))).isEqualTo(JobStatus.ACTIVE);
        assertThat(custom.statusAfter(EventType.of("build.started"))).isEqualTo(JobStatus.ACTIVE);
    }

    @Test
    void terminalNamesAreRequiredAndDistinct() {
        assertThatThrownBy(() -> TerminalEventTypes.of(null, "f", "c")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TerminalEventTypes.of("d", null, "c")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TerminalEventTypes.of("d", "f", null)).isInstanceOf(NullPointerException.class);
        // one name cannot mean two statuses
        assertThatThrownBy(() -> TerminalEventTypes.of("x", "x", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factsRequireAtLeastOneEvent() {
        EventType type = EventType.of("job.progress");
        assertThat(new JobFacts(JOB, 1, 1, FIRST, FIRST, type).headSeq()).isEqualTo(1);
        assertThatThrownBy(() -> new JobFacts(JOB, 0, 1, FIRST, LAST, type)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, 1, 0, FIRST, LAST, type)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, -5, 3, FIRST, LAST, type)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, 3, -5, FIRST, LAST, type)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factsRequireEveryReference() {
        EventType type = EventType.of("job.progress");
        assertThatThrownBy(() -> new JobFacts(null, 1, 1, FIRST, LAST, type)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, 1, 1, null, LAST, type)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, 1, 1, FIRST, null, type)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobFacts(JOB, 1, 1, FIRST, LAST, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void snapshotCopiesTheFactsAndDerivesTheStatus() {
        JobFacts facts = new JobFacts(JOB, 7, 7, FIRST, LAST, EventType.of("job.failed"));
        JobSnapshot snapshot = JobSnapshot.of(facts, TerminalEventTypes.defaults());
        assertThat(snapshot).isEqualTo(
                new JobSnapshot(JOB, 7, 7, FIRST, LAST, EventType.of("job.failed"), JobStatus.FAILED));
        assertThat(snapshot.status().wireName()).isEqualTo("failed");
    }

    @Test
    void snapshotStatusFollowsTheConfiguredTypes() {
        JobFacts facts = new JobFacts(JOB, 3, 3, FIRST, LAST, EventType.of("build.done"));
        assertThat(JobSnapshot.of(facts, TerminalEventTypes.defaults()).status()).isEqualTo(JobStatus.ACTIVE);
        assertThat(JobSnapshot.of(facts, TerminalEventTypes.of("build.done", "build.error", "build.aborted")).status())
                .isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void activeJobSnapshot() {
        JobFacts facts = new JobFacts(JOB, 2, 2, FIRST, LAST, EventType.of("generation.chapter.started"));
        JobSnapshot snapshot = JobSnapshot.of(facts, TerminalEventTypes.defaults());
        assertThat(snapshot.status()).isEqualTo(JobStatus.ACTIVE);
        assertThat(snapshot.status().wireName()).isEqualTo("active");
        assertThat(snapshot.jobId()).isEqualTo(JOB);
        assertThat(snapshot.headSeq()).isEqualTo(2);
        assertThat(snapshot.eventCount()).isEqualTo(2);
        assertThat(snapshot.firstEventAt()).isEqualTo(FIRST);
        assertThat(snapshot.lastEventAt()).isEqualTo(LAST);
        assertThat(snapshot.lastEventType()).isEqualTo(EventType.of("generation.chapter.started"));
    }
}
