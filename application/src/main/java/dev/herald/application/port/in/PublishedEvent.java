package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

import java.time.Instant;

/** @param replayed the publish repeated a key: nothing was stored now, these are the first publish's seq and time */
public record PublishedEvent(JobId jobId, long seq, Instant occurredAt, boolean replayed) {

    public PublishedEvent(JobId jobId, long seq, Instant occurredAt) {
        this(jobId, seq, occurredAt, false);
    }
}
