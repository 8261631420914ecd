package dev.herald.adapter.redis;

import dev.herald.domain.job.JobId;

import java.util.Optional;
import java.util.UUID;

/**
 * The channel layout: one channel per job, {@code herald:job:<jobId>}. An instance subscribes to
 * a job's channel only while it has a listener for that job, so Redis sends each instance only the
 * events its clients follow (a pattern or one shared channel would send every event to every
 * instance). Job ids are limited to {@code [A-Za-z0-9._:-]}, so a channel name needs no escaping.
 *
 * <p>Each instance also holds a private control channel, {@code herald:bus:<random id>}, that nobody
 * publishes to: a Redis connection in subscribed mode needs at least one channel, and the
 * confirmation of this one tells the bus that the new connection works.
 */
final class JobChannels {

    static final String JOB_PREFIX = "herald:job:";
    private static final String CONTROL_PREFIX = "herald:bus:";

    private JobChannels() {
    }

    static String of(JobId jobId) {
        return JOB_PREFIX + jobId.value();
    }

    /** The job of a job channel; empty for any other channel (or an invalid job id). */
    static Optional<JobId> jobOf(String channel) {
        if (!channel.startsWith(JOB_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobId.of(channel.substring(JOB_PREFIX.length())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String newControlChannel() {
        return CONTROL_PREFIX + UUID.randomUUID();
    }
}
