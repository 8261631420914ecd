package dev.herald.application.service.clients;

import dev.herald.application.port.in.Admission;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.client.InboundRateMeter;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Admission of a new connection, in the order that costs least and leaks least: draining, origin,
 * connection rate of the address, token, then the connection caps (checked and taken atomically).
 */
public final class ConnectClientService implements ConnectClientUseCase {

    private static final System.Logger LOG = System.getLogger(ConnectClientService.class.getName());
    public static final Rejection SHUTTING_DOWN = Rejection.of(ErrorCode.SHUTTING_DOWN,
            "The gateway is shutting down; reconnect to another instance");

    private final GatewaySettings settings;
    private final AddressWindows attempts;
    private final ClientRegistry clients;
    private final Authenticator authenticator;
    private final GatewayLifecycle lifecycle;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public ConnectClientService(GatewaySettings settings, ClientRegistry clients, Authenticator authenticator,
                         GatewayLifecycle lifecycle, ClientReplies replies, Telemetry telemetry, Clock clock) {
        this.settings = settings;
        this.attempts = new AddressWindows(settings.connectionRateLimit());
        this.clients = clients;
        this.authenticator = authenticator;
        this.lifecycle = lifecycle;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public Admission connect(ConnectCommand command) {
        Instant now = clock.instant();
        Optional<Rejection> rejection = admit(command, now);
        if (rejection.isPresent()) {
            Rejection r = rejection.get();
            telemetry.connectionRejected(r.code());
            replies.reject(command.clientId(), r, Optional.empty(), Optional.empty());
            LOG.log(System.Logger.Level.INFO, () -> "Connection rejected: client " + command.clientId() + " code "
                    + r.code() + " (" + r.message() + ") origin " + command.origin().orElse("none")
                    + " address " + command.remoteAddress());
            return Admission.rejected(r);
        }
        telemetry.connectionOpened(command.clientId());
        LOG.log(System.Logger.Level.INFO, () -> "Connection accepted: client " + command.clientId() + " origin "
                + command.origin().orElse("none") + " address " + command.remoteAddress() + " (total "
                + clients.size() + ")");
        return Admission.accepted();
    }

    private Optional<Rejection> admit(ConnectCommand command, Instant now) {
        if (lifecycle.draining()) {
            return Optional.of(SHUTTING_DOWN);
        }
        Optional<Rejection> maintenance = lifecycle.maintenanceRefusal();
        if (maintenance.isPresent()) {
            return maintenance;
        }
        Optional<Rejection> origin = settings.allowedOrigins().check(command.origin());
        if (origin.isPresent()) {
            return origin;
        }
        // before the token check, so a guessing loop from one address is slowed down too
        Optional<Rejection> tooFast = attempts.record(command.remoteAddress(), now);
        if (tooFast.isPresent()) {
            return tooFast;
        }
        Grant grant;
        try {
            grant = authenticator.authenticate(command.credentials(), now);
        } catch (RejectedException e) {
            return Optional.of(e.rejection());
        }
        if (!grant.has(Scope.SUBSCRIBE)) {
            return Optional.of(Rejection.of(ErrorCode.UNAUTHORIZED, "The token does not grant the subscribe scope"));
        }
        ClientSession session = new ClientSession(command.clientId(), command.origin(), command.remoteAddress(),
                grant, new InboundRateMeter(settings.inboundRateLimit()), now);
        if (command.receiveOnly()) {
            session.receiveOnly();
        }
        return clients.admit(session, settings.connectionCaps());
    }
}
