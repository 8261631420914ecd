package dev.herald.application.service.delivery;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One client's subscription to an ephemeral channel: {@code subscribed} (afterSeq and headSeq 0),
 * {@code caught-up} (seq 0, nothing replayed: there is no history), then every relayed event of the
 * channel except the client's own. Nothing is read from the store.
 *
 * <p>The subscription joins its room (and so the bus) before its replies are sent, so that a
 * relay made once {@code subscribed} is out reaches it; what arrives before that is held and sent
 * right after {@code caught-up}, in order.
 */
public final class RelaySubscription implements ChannelSubscription {

    private final ClientChannel channel;
    private final Telemetry telemetry;
    private final ClientId client;
    private final JobId jobId;
    private final Optional<String> requestId;
    private final int holdLimit;

    private final Object lock = new Object();
    private final List<ServerMessage.Relayed> early = new ArrayList<>();
    private boolean started;
    private boolean closed;

    /** @param holdLimit relayed events held before the first replies are out; beyond, they are missed */
    public RelaySubscription(ClientChannel channel, Telemetry telemetry, ClientId client, JobId jobId,
                      Optional<String> requestId, int holdLimit) {
        this.channel = channel;
        this.telemetry = telemetry;
        this.client = client;
        this.jobId = jobId;
        this.requestId = requestId;
        this.holdLimit = holdLimit;
    }

    @Override
    public ClientId client() {
        return client;
    }

    @Override
    public JobId jobId() {
        return jobId;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (closed || started) {
                return;
            }
            channel.send(client, new ServerMessage.Subscribed(jobId, 0, 0, requestId));
            channel.send(client, new ServerMessage.CaughtUp(jobId, 0, 0, 0));
            started = true;
            for (ServerMessage.Relayed message : early) {
                channel.send(client, message);
            }
            telemetry.relayedDelivered(early.size());
            early.clear();
        }
    }

    /** A relayed event of the channel; {@code message} is shared by every member, to be encoded once. */
    void onRelayed(ServerMessage.Relayed message) {
        if (message.event().sentBy(client)) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!started) {
                if (early.size() < holdLimit) {
                    early.add(message);
                }
                return;
            }
            channel.send(client, message);
        }
        telemetry.relayedDelivered(1);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            early.clear();
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
