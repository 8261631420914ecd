package dev.herald.adapter.websocket.jakarta;

import dev.herald.adapter.http.ClientIds;
import dev.herald.adapter.websocket.connection.Handshake;
import dev.herald.adapter.websocket.connection.InboundMessages;
import dev.herald.adapter.websocket.connection.RealtimeServices;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.Utf8;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@code /realtime} on the Jakarta WebSocket container (transport {@code jakarta-websocket}): one
 * instance per connection. It turns the container's callbacks into {@link RealtimeServices} calls
 * and nothing more; replies travel back through {@link WebSocketClientChannel}. Text frames are
 * read in parts, so {@link InboundMessages} enforces the frame size limit as a frame arrives.
 * ({@code @Dependent}: with a custom configurator, Liberty only injects into a CDI-scoped endpoint.)
 */
@Dependent
@ServerEndpoint(value = RealtimeEndpoint.PATH, configurator = HandshakeCapture.class)
public class RealtimeEndpoint {

    public static final String PATH = "/realtime";

    private static final System.Logger LOG = System.getLogger(RealtimeEndpoint.class.getName());

    @Inject
    RealtimeServices services;

    private ClientId clientId;
    private InboundMessages inbound;

    @OnOpen
    public void open(Session session) {
        clientId = ClientIds.next();
        inbound = services.inbound(clientId);
        Object captured = session.getUserProperties().get(Handshake.KEY);
        Handshake handshake = captured instanceof Handshake h ? h : Handshake.from(Map.of(), Map.of());
        services.opened(clientId, handshake, new SessionFrameSink(session, services.channel().closer(), services.channel().writeTimeout()));
    }

    @OnMessage
    public synchronized void text(String part, boolean last) {
        inbound.textPart(part, Utf8.length(part), last);
    }

    @OnMessage
    public synchronized void binary(ByteBuffer part, boolean last) {
        inbound.binaryPart(part.remaining(), last);
    }

    /** A pong: the client answers the server's pings (the heartbeat's sign of life). */
    @OnMessage
    public void pong(PongMessage pong) {
        services.channel().pongReceived(clientId);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (clientId == null) {
            return;
        }
        services.closed(clientId, reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // a client going away mid-write is routine: one line, no stack trace
        LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket error for client " + clientId + ": " + failure);
    }
}
