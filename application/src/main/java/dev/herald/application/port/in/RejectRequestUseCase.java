package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/**
 * The transport found a request it cannot take (malformed, unknown type, binary, too large) or a
 * client it must cut off (slow consumer). The client gets the error; when the code closes the
 * connection, the connection is closed with the contract's close code.
 */
public interface RejectRequestUseCase {

    void reject(ClientId client, Rejection rejection, Optional<JobId> jobId, Optional<RequestId> requestId);
}
