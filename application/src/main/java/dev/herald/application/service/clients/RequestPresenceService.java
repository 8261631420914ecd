package dev.herald.application.service.clients;

import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.in.RequestPresenceUseCase;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.presence.PresenceRules;
import dev.herald.application.service.presence.PresenceTracker;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/**
 * Answers {@code presence} for a channel the client follows. The registry read runs as a task, not
 * on the connection's reading thread.
 */
public final class RequestPresenceService implements RequestPresenceUseCase {

    private final ClientRegistry clients;
    private final PresenceTracker presence;
    private final ChannelPolicy policy;
    private final ClientChannel channel;
    private final ClientReplies replies;
    private final TaskScheduler tasks;
    private final Telemetry telemetry;

    public RequestPresenceService(ClientRegistry clients, PresenceTracker presence, ChannelPolicy policy,
                           ClientChannel channel, ClientReplies replies, TaskScheduler tasks, Telemetry telemetry) {
        this.clients = clients;
        this.presence = presence;
        this.policy = policy;
        this.channel = channel;
        this.replies = replies;
        this.tasks = tasks;
        this.telemetry = telemetry;
    }

    @Override
    public void requestPresence(ClientId client, JobId jobId, Optional<RequestId> requestId) {
        telemetry.messageReceived("presence");
        clients.find(client).ifPresent(session -> {
            Optional<String> id = requestId.map(RequestId::value);
            Optional<Rejection> rejection = PresenceRules.check(policy, jobId).or(() -> subscribed(session, jobId));
            if (rejection.isPresent()) {
                replies.reject(client, rejection.get(), Optional.of(jobId), id);
                return;
            }
            tasks.execute(() -> {
                try {
                    channel.send(client, new ServerMessage.Presence(jobId, presence.members(jobId), id));
                } catch (RejectedException e) {
                    replies.reject(client, e.rejection(), Optional.of(jobId), id);
                }
            });
        });
    }

    private static Optional<Rejection> subscribed(ClientSession session, JobId jobId) {
        synchronized (session) {
            if (session.subscription(jobId) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(Rejection.of(ErrorCode.FORBIDDEN, "Subscribe to " + jobId + " before asking who is there"));
    }
}
