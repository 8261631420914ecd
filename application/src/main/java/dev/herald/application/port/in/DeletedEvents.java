package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

/**
 * What a delete did: {@code deleted} events, and the job's stored run afterwards
 * ({@code firstSeq..headSeq}; {@code firstSeq = headSeq + 1} when none is left).
 */
public record DeletedEvents(JobId jobId, long deleted, long firstSeq, long headSeq) {
}
