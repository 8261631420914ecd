package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

import java.time.Instant;

public record PublishedEvent(JobId jobId, long seq, Instant occurredAt) {
}
