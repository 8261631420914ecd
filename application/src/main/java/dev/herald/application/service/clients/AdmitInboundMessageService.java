package dev.herald.application.service.clients;

import dev.herald.application.port.in.AdmitInboundMessageUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.RateVerdict;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Activity, frame size and inbound rate, checked for every frame before it is parsed. */
public final class AdmitInboundMessageService implements AdmitInboundMessageUseCase {

    private static final System.Logger LOG = System.getLogger(AdmitInboundMessageService.class.getName());
    static final Rejection RATE_WARNING = Rejection.of(ErrorCode.RATE_LIMITED,
            "Too many messages; slow down or the connection will be closed");
    static final Rejection RATE_CUT_OFF = Rejection.of(ErrorCode.RATE_LIMITED,
            "Too many messages; connection closed");

    private final GatewaySettings settings;
    private final ClientRegistry clients;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public AdmitInboundMessageService(GatewaySettings settings, ClientRegistry clients, ClientReplies replies,
                               Telemetry telemetry, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public boolean admit(ClientId client, long frameBytes) {
        Optional<ClientSession> found = clients.find(client);
        if (found.isEmpty()) {
            return false;
        }
        ClientSession session = found.get();
        Instant now = clock.instant();
        session.touch(now);
        Optional<Rejection> tooLarge = settings.inboundSizeLimit().check(frameBytes);
        if (tooLarge.isPresent()) {
            LOG.log(System.Logger.Level.INFO, () -> "Frame too large from client " + client + ": " + frameBytes + " bytes");
            replies.reject(client, tooLarge.get(), Optional.empty(), Optional.empty());
            return false;
        }
        RateVerdict verdict = session.recordInbound(now, frameBytes);
        switch (verdict) {
            case ALLOW -> {
                return true;
            }
            case WARN -> {
                LOG.log(System.Logger.Level.INFO, () -> "Rate limited client " + client + " (warning)");
                replies.reject(client, RATE_WARNING, Optional.empty(), Optional.empty());
            }
            case CUT_OFF -> {
                LOG.log(System.Logger.Level.INFO, () -> "Rate limited client " + client + ": sustained flood, closing");
                replies.rejectAndClose(client, RATE_CUT_OFF, ErrorCode.SUSTAINED_RATE_LIMIT_CLOSE);
            }
            case DROP -> // already warned in this window: counted, but no reply, so a flood is not amplified
                    telemetry.rejected(ErrorCode.RATE_LIMITED);
        }
        return false;
    }
}
