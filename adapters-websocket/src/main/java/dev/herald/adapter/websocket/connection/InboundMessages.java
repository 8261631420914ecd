package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.in.RefreshCommand;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/**
 * One connection's inbound messages, as they arrive in parts: text frames are assembled up to the
 * frame size limit and dispatched to the use cases; binary frames are refused.
 *
 * <p>The limit is enforced as the frame arrives: a huge frame costs at most the limit in memory,
 * and its sender gets {@code MESSAGE_TOO_LARGE} before the close (a container's own limit would
 * close without a word). Parts of one connection never arrive concurrently.
 */
public final class InboundMessages {

    private static final InboundRequestParser PARSER = new InboundRequestParser();
    private static final Rejection BINARY = Rejection.of(ErrorCode.BAD_REQUEST,
            "Binary frames are not supported; send JSON text frames");

    private final ClientId client;
    private final RealtimeServices services;
    private final StringBuilder frame = new StringBuilder();
    private long frameBytes;
    private boolean discardingFrame;
    private boolean discardingBinary;

    InboundMessages(ClientId client, RealtimeServices services) {
        this.client = client;
        this.services = services;
    }

    /** A part of a text message, {@code bytes} long in UTF-8. */
    public void textPart(String part, long bytes, boolean last) {
        if (!discardingFrame) {
            frameBytes += bytes;
            if (frameBytes > services.frameLimit.maxBytes()) {
                services.admit.admit(client, frameBytes); // refuses: MESSAGE_TOO_LARGE, close 1009
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
        long total = frameBytes;
        frame.setLength(0);
        frameBytes = 0;
        discardingFrame = false;
        if (complete && services.admit.admit(client, total)) {
            dispatch(PARSER.parse(text));
        }
    }

    /** A part of a binary message. */
    public void binaryPart(long bytes, boolean last) {
        if (!discardingBinary) {
            discardingBinary = true;
            if (services.admit.admit(client, bytes)) {
                services.telemetry.parseFailed();
                services.telemetry.messageReceived("binary");
                services.reject.reject(client, BINARY, Optional.empty(), Optional.empty());
            }
        }
        if (last) {
            discardingBinary = false;
        }
    }

    private void dispatch(InboundRequest request) {
        if (request instanceof InboundRequest.Subscribe s) {
            services.subscribe.subscribe(new SubscribeCommand(client, s.jobId(), s.afterSeq(), s.requestId()));
        } else if (request instanceof InboundRequest.Unsubscribe u) {
            services.unsubscribe.unsubscribe(client, u.jobId(), u.requestId());
        } else if (request instanceof InboundRequest.Ping p) {
            services.ping.ping(client, p.requestId());
        } else if (request instanceof InboundRequest.Refresh r) {
            services.refresh.refresh(new RefreshCommand(client, r.credentials(), r.requestId()));
        } else if (request instanceof InboundRequest.Invalid invalid) {
            services.telemetry.parseFailed();
            services.telemetry.messageReceived("invalid");
            services.reject.reject(client, invalid.rejection(), invalid.jobId(), invalid.requestId());
        }
    }
}
