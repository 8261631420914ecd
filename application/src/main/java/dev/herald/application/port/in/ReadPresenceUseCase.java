package dev.herald.application.port.in;

import dev.herald.domain.job.JobId;

/** Who is subscribed to a channel, for REST callers ({@code GET /api/jobs/{jobId}/presence}). */
public interface ReadPresenceUseCase {

    /**
     * @throws dev.herald.domain.error.RejectedException {@code UNAUTHORIZED} / {@code FORBIDDEN}
     *         (auth on: a token with {@code subscribe} and the job, or {@code admin}),
     *         {@code BAD_REQUEST} when the channel's namespace has no presence,
     *         {@code STORE_UNAVAILABLE} when the shared presence state cannot be reached
     */
    ChannelPresence read(JobId jobId, Credentials credentials);
}
