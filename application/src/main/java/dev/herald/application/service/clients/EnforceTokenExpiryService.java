package dev.herald.application.service.clients;

import dev.herald.application.port.in.EnforceTokenExpiryUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.auth.TokenExpiry;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Looks at every connection's token: one that has just expired is told ({@code TOKEN_EXPIRED},
 * the connection stays open and keeps receiving); one still expired when the grace period is over
 * is closed ({@code UNAUTHORIZED}, 4401) and its slot freed at once.
 */
public final class EnforceTokenExpiryService implements EnforceTokenExpiryUseCase {

    private static final System.Logger LOG = System.getLogger(EnforceTokenExpiryService.class.getName());

    private final TokenExpiry policy;
    private final ClientRegistry clients;
    private final DisconnectClientService disconnector;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public EnforceTokenExpiryService(TokenExpiry policy, ClientRegistry clients, DisconnectClientService disconnector,
                              ClientReplies replies, Telemetry telemetry, Clock clock) {
        this.policy = policy;
        this.clients = clients;
        this.disconnector = disconnector;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public int enforceExpiry() {
        Instant now = clock.instant();
        int closed = 0;
        for (ClientSession session : clients.all()) {
            switch (session.token().advance(policy, now)) {
                case ANNOUNCE -> announce(session);
                case CLOSE -> {
                    close(session);
                    closed++;
                }
                case NONE -> {
                }
            }
        }
        return closed;
    }

    private void announce(ClientSession session) {
        telemetry.tokenExpired();
        replies.reject(session.id(), policy.expiredNotice(), Optional.empty(), Optional.empty());
        LOG.log(System.Logger.Level.INFO, () -> "Token expired: client " + session.id() + " sub " + session.subject()
                + "; closing in " + policy.grace().toMillis() + " ms unless refreshed");
    }

    private void close(ClientSession session) {
        telemetry.closedForExpiredToken();
        replies.reject(session.id(), TokenExpiry.GRACE_OVER, Optional.empty(), Optional.empty());
        LOG.log(System.Logger.Level.INFO, () -> "Token expired and not refreshed within " + policy.grace().toMillis()
                + " ms: closing client " + session.id() + " sub " + session.subject());
        disconnector.disconnect(session.id(), "token expired");
    }
}
