package dev.herald.adapter.websocket;

import dev.herald.application.port.in.AdmitInboundMessageUseCase;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.in.PingUseCase;
import dev.herald.application.port.in.RejectRequestUseCase;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.in.UnsubscribeUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.Utf8;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /realtime}: one instance per connection. It translates frames into use-case calls and
 * nothing more; replies travel back through {@link WebSocketClientChannel}.
 *
 * <p>Text frames are read in parts, so the frame size limit is enforced as the frame arrives: a
 * huge frame costs at most the limit in memory, and its sender gets {@code MESSAGE_TOO_LARGE}
 * before the close (the container's own limit would close without a word).
 * ({@code @Dependent}: with a custom configurator, Liberty only injects into a CDI-scoped endpoint.)
 */
@Dependent
@ServerEndpoint(value = RealtimeEndpoint.PATH, configurator = HandshakeCapture.class)
public class RealtimeEndpoint {

    public static final String PATH = "/realtime";

    private static final System.Logger LOG = System.getLogger(RealtimeEndpoint.class.getName());
    private static final InboundRequestParser PARSER = new InboundRequestParser();
    private static final Rejection BINARY = Rejection.of(ErrorCode.BAD_REQUEST,
            "Binary frames are not supported; send JSON text frames");

    @Inject
    ConnectClientUseCase connect;
    @Inject
    AdmitInboundMessageUseCase admit;
    @Inject
    SubscribeUseCase subscribe;
    @Inject
    UnsubscribeUseCase unsubscribe;
    @Inject
    PingUseCase ping;
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

    private ClientId clientId;
    // one frame in the making; parts of one connection never arrive concurrently
    private final StringBuilder frame = new StringBuilder();
    private long frameBytes;
    private boolean discardingFrame;
    private boolean discardingBinary;

    @OnOpen
    public void open(Session session) {
        clientId = ClientId.of(session.getId());
        Object captured = session.getUserProperties().get(Handshake.KEY);
        Handshake handshake = captured instanceof Handshake h ? h : Handshake.from(Map.of(), Map.of());
        channel.open(clientId, session);
        Credentials credentials = handshake.tokenParameter().map(Credentials::bearer)
                .filter(c -> c.token().isPresent())
                .orElseGet(() -> Bearer.from(handshake.authorization().orElse(null)));
        String address = addresses.resolve(handshake.remoteAddress(), handshake.forwardedFor());
        connect.connect(new ConnectCommand(clientId, handshake.origin(), address, credentials));
    }

    @OnMessage
    public synchronized void text(String part, boolean last) {
        if (!discardingFrame) {
            frameBytes += Utf8.length(part);
            if (frameBytes > frameLimit.maxBytes()) {
                admit.admit(clientId, frameBytes); // refuses: MESSAGE_TOO_LARGE, close 1009
                discardingFrame = true;
                frame.setLength(0);
            } else {
                frame.append(part);
            }
        }
        if (!last) {
            return;
        }
        boolean complete = !discardingFrame;
        String text = frame.toString();
        long bytes = frameBytes;
        frame.setLength(0);
        frameBytes = 0;
        discardingFrame = false;
        if (complete && admit.admit(clientId, bytes)) {
            dispatch(PARSER.parse(text));
        }
    }

    @OnMessage
    public synchronized void binary(ByteBuffer part, boolean last) {
        if (!discardingBinary) {
            discardingBinary = true;
            if (admit.admit(clientId, part.remaining())) {
                telemetry.parseFailed();
                telemetry.messageReceived("binary");
                reject.reject(clientId, BINARY, Optional.empty(), Optional.empty());
            }
        }
        if (last) {
            discardingBinary = false;
        }
    }

    private void dispatch(InboundRequest request) {
        if (request instanceof InboundRequest.Subscribe s) {
            subscribe.subscribe(new SubscribeCommand(clientId, s.jobId(), s.afterSeq(), s.requestId()));
        } else if (request instanceof InboundRequest.Unsubscribe u) {
            unsubscribe.unsubscribe(clientId, u.jobId(), u.requestId());
        } else if (request instanceof InboundRequest.Ping p) {
            ping.ping(clientId, p.requestId());
        } else if (request instanceof InboundRequest.Invalid invalid) {
            telemetry.parseFailed();
            telemetry.messageReceived("invalid");
            reject.reject(clientId, invalid.rejection(), invalid.jobId(), invalid.requestId());
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (clientId == null) {
            return;
        }
        channel.closed(clientId);
        disconnect.disconnect(clientId, reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // a client going away mid-write is routine: one line, no stack trace
        LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket error for client " + clientId + ": " + failure);
    }
}
