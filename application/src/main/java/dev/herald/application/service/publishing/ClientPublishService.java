package dev.herald.application.service.publishing;

import dev.herald.application.port.in.ClientPublishCommand;
import dev.herald.application.port.in.ClientPublishUseCase;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.clients.ClientRegistry;
import dev.herald.application.service.clients.ClientReplies;
import dev.herald.application.service.clients.ClientSession;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.Sender;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A client's publish: the namespace must allow it and the token must grant {@code publish} on the
 * job; then durable channels go through the same {@link StoreThenForward} as a worker's REST publish
 * (same guarantees: stored with its seq before anyone sees it) and ephemeral ones through the
 * {@link EphemeralRelay}. Runs on the client's inbound thread, so one client's publishes to a
 * channel go to the store or the bus, and so arrive, in the order sent.
 */
public final class ClientPublishService implements ClientPublishUseCase {

    private static final System.Logger LOG = System.getLogger(ClientPublishService.class.getName());

    private final ClientRegistry clients;
    private final ChannelPolicy policy;
    private final StoreThenForward publishing;
    private final EphemeralRelay relay;
    private final EventSizeLimit sizeLimit;
    private final ClientChannel channel;
    private final ClientReplies replies;
    private final Telemetry telemetry;
    private final Clock clock;

    public ClientPublishService(ClientRegistry clients, ChannelPolicy policy, StoreThenForward publishing, EphemeralRelay relay,
                         EventSizeLimit sizeLimit, ClientChannel channel, ClientReplies replies, Telemetry telemetry,
                         Clock clock) {
        this.clients = clients;
        this.policy = policy;
        this.publishing = publishing;
        this.relay = relay;
        this.sizeLimit = sizeLimit;
        this.channel = channel;
        this.replies = replies;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public void publish(ClientPublishCommand command) {
        telemetry.messageReceived("publish");
        clients.find(command.clientId()).ifPresent(session -> {
            Optional<String> requestId = command.requestId().map(RequestId::value);
            try {
                OptionalLong seq = publish(session, command);
                channel.send(session.id(), new ServerMessage.Published(command.jobId(), seq, requestId));
            } catch (RejectedException e) {
                if (e.code() == ErrorCode.MAINTENANCE) {
                    // refuses the publish only: a connected client stays through maintenance
                    replies.refuse(session.id(), e.rejection(), Optional.of(command.jobId()), requestId);
                } else {
                    replies.reject(session.id(), e.rejection(), Optional.of(command.jobId()), requestId);
                }
            }
        });
    }

    private OptionalLong publish(ClientSession session, ClientPublishCommand command) {
        Instant now = clock.instant();
        NamespaceOptions options = policy.optionsFor(command.jobId());
        String namespace = policy.namespaceLabel(command.jobId());
        if (!options.clientPublish()) {
            LOG.log(System.Logger.Level.INFO, () -> "Client publish refused: namespace " + namespace + " channel "
                    + command.jobId() + " client " + session.id() + " (the namespace does not allow client publishing)");
            throw new RejectedException(ErrorCode.FORBIDDEN, "Clients may not publish to channels of namespace "
                    + namespace);
        }
        Optional<Rejection> denied = session.grant().authorize(Scope.PUBLISH, command.jobId(), now);
        if (denied.isPresent()) {
            LOG.log(System.Logger.Level.INFO, () -> "Client publish refused: namespace " + namespace + " channel "
                    + command.jobId() + " client " + session.id() + " (" + denied.get().message() + ")");
            throw new RejectedException(denied.get());
        }
        sizeLimit.check(command.eventType(), command.payload());
        Sender sender = new Sender(session.id(), session.grant().subject());
        OptionalLong seq;
        if (options.durable()) {
            AppendResult stored = publishing.publish(command.jobId(),
                    List.of(new NewEvent(command.eventType(), command.payload(), Optional.of(sender))), Optional.empty());
            seq = OptionalLong.of(stored.firstSeq());
        } else {
            // milliseconds, as stored events carry them
            relay.relay(new RelayedEvent(command.jobId(), command.eventType(), now.truncatedTo(ChronoUnit.MILLIS),
                    command.payload(), Optional.of(sender)));
            seq = OptionalLong.empty();
        }
        telemetry.clientPublished(namespace);
        LOG.log(System.Logger.Level.DEBUG, () -> "Client publish: namespace " + namespace + " channel " + command.jobId()
                + " client " + session.id() + " type " + command.eventType() + (seq.isPresent() ? " seq "
                + seq.getAsLong() : " (relayed)"));
        return seq;
    }
}
