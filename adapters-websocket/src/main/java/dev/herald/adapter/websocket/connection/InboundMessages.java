package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.in.ClientPublishCommand;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/**
 * One connection's inbound messages, as they arrive in parts: text messages are assembled up to the
 * size limit and dispatched to the use cases; binary messages are counted, not kept, and refused
 * once whole.
 *
 * <p>The limit is enforced as a message arrives, text or binary: a huge message costs at most the
 * limit in memory, and its sender gets {@code MESSAGE_TOO_LARGE} before the close 1009 (a
 * container's own limit would close without a word). Parts of one connection never arrive
 * concurrently.
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
    private long binaryBytes;
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

    /** A part of a binary message: over the limit it is refused as too large, else refused once whole. */
    public void binaryPart(long bytes, boolean last) {
        if (!discardingBinary) {
            binaryBytes += bytes;
            if (binaryBytes > services.frameLimit.maxBytes()) {
                services.admit.admit(client, binaryBytes); // refuses: MESSAGE_TOO_LARGE, close 1009
                discardingBinary = true;
            }
        }
        if (!last) {
            return;
        }
        boolean complete = !discardingBinary;
        long total = binaryBytes;
        binaryBytes = 0;
        discardingBinary = false;
        if (complete && services.admit.admit(client, total)) {
            services.telemetry.parseFailed();
            services.telemetry.messageReceived("binary");
            services.reject.reject(client, BINARY, Optional.empty(), Optional.empty());
        }
    }

    private void dispatch(InboundRequest request) {
        if (request instanceof InboundRequest.Subscribe s) {
            services.subscribe.subscribe(new SubscribeCommand(client, s.jobId(), s.afterSeq(), s.requestId()));
        } else if (request instanceof InboundRequest.Unsubscribe u) {
            services.unsubscribe.unsubscribe(client, u.jobId(), u.requestId());
        } else if (request instanceof InboundRequest.Publish p) {
            services.clientPublish.publish(new ClientPublishCommand(client, p.jobId(), p.eventType(), p.payload(),
                    p.requestId()));
        } else if (request instanceof InboundRequest.Ping p) {
            services.ping.ping(client, p.requestId());
        } else if (request instanceof InboundRequest.Presence p) {
            services.presence.requestPresence(client, p.jobId(), p.requestId());
        } else if (request instanceof InboundRequest.Invalid invalid) {
            services.telemetry.parseFailed();
            services.telemetry.messageReceived("invalid");
            services.reject.reject(client, invalid.rejection(), invalid.jobId(), invalid.requestId());
        }
    }
}
