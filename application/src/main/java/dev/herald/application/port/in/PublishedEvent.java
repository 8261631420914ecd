package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

import java.time.Instant;

/**
 * @param seq      the stored event's seq; 0 when the channel is ephemeral (relayed, not stored)
 * @param replayed the publish repeated a key: nothing was stored now, these are the first publish's seq and time
 */
public record PublishedEvent(JobId jobId, long seq, Instant occurredAt, boolean replayed) {

    public PublishedEvent(JobId jobId, long seq, Instant occurredAt) {
        this(jobId, seq, occurredAt, false);
    }

    /** A publish to an ephemeral channel: relayed live, nothing stored, no seq. */
    public static PublishedEvent relayed(JobId jobId, Instant occurredAt) {
        return new PublishedEvent(jobId, 0, occurredAt, false);
    }

    /** Was it stored (a durable channel)? */
    public boolean stored() {
        return seq > 0;
    }
}
