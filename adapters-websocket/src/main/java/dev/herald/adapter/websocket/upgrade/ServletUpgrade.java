package dev.herald.adapter.websocket.upgrade;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.ClientIds;
import dev.herald.adapter.websocket.connection.Handshake;
import dev.herald.adapter.websocket.connection.RealtimeServices;
import dev.herald.adapter.websocket.rfc6455.PerMessageDeflate;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.error.ErrorCode;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

/**
 * Upgrades a {@code /realtime} request to an {@link UpgradedSocket} (transport
 * {@code servlet-upgrade}). Like the Jakarta endpoint, every valid handshake is accepted: admission
 * (origin, token, caps) happens once the socket is open, so a refused client reads an
 * {@code error} frame and a close code rather than a bare HTTP status. A request that is not a
 * WebSocket handshake at all gets an HTTP error with a JSON body. With compression on, a client's
 * {@code permessage-deflate} offer is negotiated here ({@link PerMessageDeflate}).
 */
@Dependent
public class ServletUpgrade {


    @Inject
    RealtimeServices services;
    @Inject
    CompressionSettings compression;
    @Inject
    InboundSizeLimit inboundLimit;

    public void upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String key = request.getHeader("Sec-WebSocket-Key");
        Optional<UpgradeRequest.Refusal> refusal = UpgradeRequest.check(request.getMethod(), request.getHeader("Upgrade"),
                request.getHeader("Connection"), request.getHeader("Sec-WebSocket-Version"), key);
        if (refusal.isPresent()) {
            services.telemetry().rejected(ErrorCode.BAD_REQUEST);
            refuse(response, refusal.get());
            return;
        }
        Handshake handshake = new Handshake(request.getRemoteAddr(), Optional.ofNullable(request.getHeader("X-Forwarded-For")),
                Optional.ofNullable(request.getHeader("Origin")), Optional.ofNullable(request.getHeader("Authorization")),
                Optional.ofNullable(request.getParameter("token")));
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", UpgradeRequest.accept(key));
        Optional<PerMessageDeflate.Agreement> deflate = compression.enabled()
                ? PerMessageDeflate.negotiate(Collections.list(request.getHeaders("Sec-WebSocket-Extensions")))
                : Optional.empty();
        deflate.ifPresent(agreement -> response.setHeader("Sec-WebSocket-Extensions", agreement.response()));
        UpgradedSocket socket = request.upgrade(UpgradedSocket.class);
        socket.attach(services, handshake, ClientIds.next(), services.channel()::afterCloseGrace,
                deflate.map(agreement -> new UpgradedSocket.Deflate(agreement, compression.thresholdBytes(),
                        inboundLimit.maxBytes())).orElse(null));
    }

    private static void refuse(HttpServletResponse response, UpgradeRequest.Refusal refusal) throws IOException {
        response.setStatus(refusal.status());
        if (refusal.status() == 426) {
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Sec-WebSocket-Version", "13");
        }
        response.setContentType("application/json");
        StringBuilder body = new StringBuilder("{\"code\":\"" + ErrorCode.BAD_REQUEST.name() + "\",\"message\":");
        JsonText.appendString(body, refusal.message());
        body.append('}');
        response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
