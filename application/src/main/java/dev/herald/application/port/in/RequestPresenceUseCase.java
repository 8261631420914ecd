package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/**
 * A connected client's {@code presence} request: answered with {@code presence} (the channel's
 * members on every instance), or with {@code error} {@code FORBIDDEN} when the client does not
 * follow the channel, {@code BAD_REQUEST} when its namespace has no presence.
 */
public interface RequestPresenceUseCase {

    void requestPresence(ClientId client, JobId jobId, Optional<RequestId> requestId);
}
