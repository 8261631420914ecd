package dev.herald.application.service.clients;

import dev.herald.application.port.in.RefreshCommand;
import dev.herald.application.port.in.RefreshTokenUseCase;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.GrantRenewal;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A connection takes a new token in place of its current one. The new token is verified like one
 * presented at connect and must be for the same {@code sub}; a refused refresh leaves the
 * connection as it was. An accepted one is in force at once: the expiry clock restarts from the
 * new token, and the subscriptions it does not grant are closed, each told with
 * {@code unsubscribed} after the {@code refreshed} reply.
 *
 * <p>With auth off every connection holds the unrestricted grant and tokens are never read, so a
 * refresh changes nothing and is answered {@code refreshed} without expiry: a client written for
 * a gateway with auth on works unchanged against one without.
 */
public final class RefreshTokenService implements RefreshTokenUseCase {

    private static final System.Logger LOG = System.getLogger(RefreshTokenService.class.getName());

    private final ClientRegistry clients;
    private final Subscriptions subscriptions;
    private final Authenticator authenticator;
    private final ClientChannel channel;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public RefreshTokenService(ClientRegistry clients, Subscriptions subscriptions, Authenticator authenticator,
                        ClientChannel channel, ClientReplies replies, Telemetry telemetry, Clock clock) {
        this.clients = clients;
        this.subscriptions = subscriptions;
        this.authenticator = authenticator;
        this.channel = channel;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public void refresh(RefreshCommand command) {
        telemetry.messageReceived("refresh");
        clients.find(command.clientId()).ifPresent(session -> refresh(session, command));
    }

    private void refresh(ClientSession session, RefreshCommand command) {
        Optional<String> requestId = command.requestId().map(RequestId::value);
        if (!authenticator.authEnabled()) {
            channel.send(session.id(), new ServerMessage.Refreshed(Optional.empty(), requestId));
            telemetry.tokenRefreshed();
            return;
        }
        Grant next;
        try {
            next = authenticator.authenticate(command.credentials(), clock.instant());
        } catch (RejectedException e) {
            refused(session, e.rejection(), requestId);
            return;
        }
        GrantRenewal renewal = new GrantRenewal(session.grant(), next);
        Optional<Rejection> refusal = renewal.refusal();
        if (refusal.isPresent()) {
            refused(session, refusal.get(), requestId);
            return;
        }
        if (!session.token().renew(next)) {
            return; // the grace ran out first: the close for the expired token is on its way
        }
        List<JobId> held;
        synchronized (session) {
            held = session.jobs();
        }
        List<JobId> withdrawn = renewal.withdrawn(held);
        // closed before the replies are queued: no event of a withdrawn job follows its "unsubscribed"
        withdrawn.forEach(jobId -> subscriptions.close(session, jobId));
        channel.send(session.id(), new ServerMessage.Refreshed(next.expiresAt(), requestId));
        withdrawn.forEach(jobId -> channel.send(session.id(), new ServerMessage.Unsubscribed(jobId, Optional.empty())));
        telemetry.tokenRefreshed();
        LOG.log(System.Logger.Level.INFO, () -> "Token refreshed: client " + session.id() + " sub " + session.subject()
                + " expires " + next.expiresAt().map(Object::toString).orElse("never")
                + (withdrawn.isEmpty() ? "" : "; subscriptions it does not grant closed: " + withdrawn));
    }

    private void refused(ClientSession session, Rejection rejection, Optional<String> requestId) {
        telemetry.tokenRefreshRefused(rejection.code());
        replies.refuse(session.id(), rejection, requestId);
        LOG.log(System.Logger.Level.INFO, () -> "Token refresh refused: client " + session.id() + " sub "
                + session.subject() + " code " + rejection.code() + " (" + rejection.message() + ")");
    }
}
