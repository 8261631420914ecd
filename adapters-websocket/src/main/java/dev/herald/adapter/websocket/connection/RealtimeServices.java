package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.Bearer;
import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.application.port.in.AdmitInboundMessageUseCase;
import dev.herald.application.port.in.ClientPublishUseCase;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.in.PingUseCase;
import dev.herald.application.port.in.RefreshTokenUseCase;
import dev.herald.application.port.in.RejectRequestUseCase;
import dev.herald.application.port.in.RequestPresenceUseCase;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.in.UnsubscribeUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.InboundSizeLimit;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/**
 * What a connection talks to, whichever transport carries it (the Jakarta WebSocket endpoint or
 * the servlet upgrade): the use cases, the channel its frames go out through, and admission.
 */
@Dependent
public class RealtimeServices {

    @Inject
    ConnectClientUseCase connect;
    @Inject
    AdmitInboundMessageUseCase admit;
    @Inject
    SubscribeUseCase subscribe;
    @Inject
    UnsubscribeUseCase unsubscribe;
    @Inject
    ClientPublishUseCase clientPublish;
    @Inject
    PingUseCase ping;
    @Inject
    RequestPresenceUseCase presence;
    @Inject
    RefreshTokenUseCase refresh;
    @Inject
    RejectRequestUseCase reject;
    @Inject
    DisconnectClientUseCase disconnect;
    @Inject
    WebSocketClientChannel channel;
    @Inject
    Telemetry telemetry;
    @Inject
    InboundSizeLimit frameLimit;
    @Inject
    ClientAddressResolver addresses;

    /** A socket is open: its outbound side joins the channel, then the client is admitted (or refused). */
    public void opened(ClientId client, Handshake handshake, FrameSink sink) {
        channel.open(client, sink);
        Credentials credentials = handshake.tokenParameter().map(Credentials::bearer)
                .filter(c -> c.token().isPresent())
                .orElseGet(() -> Bearer.from(handshake.authorization().orElse(null)));
        String address = addresses.resolve(handshake.remoteAddress(), handshake.forwardedFor());
        connect.connect(new ConnectCommand(client, handshake.origin(), address, credentials));
    }

    /** The per-connection reader of this client's messages. */
    public InboundMessages inbound(ClientId client) {
        return new InboundMessages(client, this);
    }

    public void closed(ClientId client, String reason) {
        channel.closed(client);
        disconnect.disconnect(client, reason);
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public WebSocketClientChannel channel() {
        return channel;
    }
}
