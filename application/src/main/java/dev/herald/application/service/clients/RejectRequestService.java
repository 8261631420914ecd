package dev.herald.application.service.clients;

import dev.herald.application.port.in.RejectRequestUseCase;
import dev.herald.application.port.in.RequestId;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Optional;

public final class RejectRequestService implements RejectRequestUseCase {

    private static final System.Logger LOG = System.getLogger(RejectRequestService.class.getName());

    private final ClientReplies replies;

    public RejectRequestService(ClientReplies replies) {
        this.replies = replies;
    }

    @Override
    public void reject(ClientId client, Rejection rejection, Optional<JobId> jobId, Optional<RequestId> requestId) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Request rejected: client " + client + " code " + rejection.code()
                + " (" + rejection.message() + ")");
        replies.reject(client, rejection, jobId, requestId.map(RequestId::value));
    }
}
