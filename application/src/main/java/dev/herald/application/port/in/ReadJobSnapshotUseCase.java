package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;
import dev.herald.domain.job.JobSnapshot;

import java.util.Optional;

/** The REST snapshot of a job; empty when the job has no events. */
public interface ReadJobSnapshotUseCase {

    Optional<JobSnapshot> snapshot(JobId jobId, Credentials credentials);
}
