package dev.herald.application.service;

import dev.herald.application.port.in.AdmitInboundMessageUseCase;
import dev.herald.application.port.in.AuthorizeAdminUseCase;
import dev.herald.application.port.in.ClientPublishUseCase;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.DeleteJobEventsUseCase;
import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.in.DrainGatewayUseCase;
import dev.herald.application.port.in.EnforceTokenExpiryUseCase;
import dev.herald.application.port.in.EvictIdleClientsUseCase;
import dev.herald.application.port.in.MaintenanceUseCase;
import dev.herald.application.port.in.CloseConnectionUseCase;
import dev.herald.application.port.in.ListConnectionsUseCase;
import dev.herald.application.port.in.RevokeUserUseCase;
import dev.herald.application.port.in.PingUseCase;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.in.ReadGatewayMetricsUseCase;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.in.ReadPresenceUseCase;
import dev.herald.application.port.in.ReconcileSubscriptionsUseCase;
import dev.herald.application.port.in.RefreshTokenUseCase;
import dev.herald.application.port.in.RejectRequestUseCase;
import dev.herald.application.port.in.RequestPresenceUseCase;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.in.SweepRetentionUseCase;
import dev.herald.application.port.in.UnsubscribeUseCase;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.application.service.auth.AuthorizeAdminService;
import dev.herald.application.service.auth.Revocations;
import dev.herald.application.service.auth.UnsharedRevocationStore;
import dev.herald.application.service.clients.AdmitInboundMessageService;
import dev.herald.application.service.clients.ClientRegistry;
import dev.herald.application.service.clients.ClientReplies;
import dev.herald.application.service.clients.ConnectClientService;
import dev.herald.application.service.clients.DisconnectClientService;
import dev.herald.application.service.clients.EnforceTokenExpiryService;
import dev.herald.application.service.clients.EvictIdleClientsService;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.application.service.clients.PingService;
import dev.herald.application.service.clients.RefreshTokenService;
import dev.herald.application.service.clients.RejectRequestService;
import dev.herald.application.service.clients.RequestPresenceService;
import dev.herald.application.service.clients.SubscribeService;
import dev.herald.application.service.clients.Subscriptions;
import dev.herald.application.service.clients.UnsubscribeService;
import dev.herald.application.service.delivery.DeliveryContext;
import dev.herald.application.service.delivery.JobRooms;
import dev.herald.application.service.delivery.ReadEventsPageService;
import dev.herald.application.service.delivery.ReadJobSnapshotService;
import dev.herald.application.service.delivery.ReconcileSubscriptionsService;
import dev.herald.application.service.operations.CloseConnectionService;
import dev.herald.application.service.operations.ClusterRequests;
import dev.herald.application.service.operations.CompositeTelemetry;
import dev.herald.application.service.operations.ControlListener;
import dev.herald.application.service.operations.DeleteJobEventsService;
import dev.herald.application.service.operations.DrainGatewayService;
import dev.herald.application.service.operations.GatewayStatistics;
import dev.herald.application.service.operations.ListConnectionsService;
import dev.herald.application.service.operations.MaintenanceService;
import dev.herald.application.service.operations.OperatorRequests;
import dev.herald.application.service.operations.ReadGatewayMetricsService;
import dev.herald.application.service.operations.RevokeUserService;
import dev.herald.application.service.operations.StandaloneClusterControl;
import dev.herald.application.service.operations.SweepRetentionService;
import dev.herald.application.service.presence.PresenceTracker;
import dev.herald.application.service.presence.ReadPresenceService;
import dev.herald.application.service.publishing.ClientPublishService;
import dev.herald.application.service.publishing.EphemeralRelay;
import dev.herald.application.service.publishing.PublishBatchService;
import dev.herald.application.service.publishing.PublishEventService;
import dev.herald.application.service.publishing.StoreThenForward;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.settings.OperatorSettings;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.PresenceTtl;
import dev.herald.domain.auth.TokenExpiry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gateway instance's application layer: the use cases over shared state (connected clients,
 * job rooms), built from the out-ports. Bootstrap builds one and exposes its use cases as beans;
 * tests build one per simulated instance.
 */
public final class HeraldCore {

    private final GatewayStatistics statistics = new GatewayStatistics();
    private final Telemetry telemetry;

    private final PublishEventService publish;
    private final PublishBatchService publishBatch;
    private final ClientPublishService clientPublish;
    private final ConnectClientService connect;
    private final AdmitInboundMessageService admitInbound;
    private final SubscribeService subscribe;
    private final UnsubscribeService unsubscribe;
    private final PingService ping;
    private final RejectRequestService rejectRequest;
    private final DisconnectClientService disconnect;
    private final EvictIdleClientsService evictIdle;
    private final ReconcileSubscriptionsService reconcile;
    private final ReadJobSnapshotService snapshot;
    private final ReadEventsPageService eventsPage;
    private final ReadGatewayMetricsService metrics;
    private final DrainGatewayService drain;
    private final PresenceTracker presence;
    private final RequestPresenceService requestPresence;
    private final ReadPresenceService readPresence;
    private final RefreshTokenService refreshToken;
    private final EnforceTokenExpiryService enforceTokenExpiry;
    private final AuthorizeAdminService authorizeAdmin;
    private final MaintenanceService maintenance;
    private final ListConnectionsService listConnections;
    private final CloseConnectionService closeConnection;
    private final RevokeUserService revokeUser;
    private final SweepRetentionService sweepRetention;
    private final DeleteJobEventsService deleteJobEvents;

    /** With the default token expiry grace (30 s). */
    public HeraldCore(Ports ports, GatewaySettings settings) {
        this(ports, settings, TokenExpiry.defaults());
    }

    /** With retention off. */
    public HeraldCore(Ports ports, GatewaySettings settings, TokenExpiry tokenExpiry) {
        this(ports, settings, tokenExpiry, RetentionSettings.off());
    }

    /** With the operator controls of a single instance alone. */
    public HeraldCore(Ports ports, GatewaySettings settings, TokenExpiry tokenExpiry, RetentionSettings retention) {
        this(ports, settings, tokenExpiry, retention, Operations.standalone(OperatorSettings.defaults()));
    }

    /** With retention off. */
    public HeraldCore(Ports ports, GatewaySettings settings, TokenExpiry tokenExpiry, Operations operations) {
        this(ports, settings, tokenExpiry, RetentionSettings.off(), operations);
    }

    public HeraldCore(Ports ports, GatewaySettings settings, TokenExpiry tokenExpiry, RetentionSettings retention,
                      Operations operations) {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(operations, "operations");
        OperatorSettings operator = operations.settings();
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tokenExpiry, "tokenExpiry");
        this.telemetry = new CompositeTelemetry(List.of(statistics, ports.telemetry()));
        Clock clock = ports.clock();
        ClientRegistry clients = new ClientRegistry();
        JobRooms rooms = new JobRooms(ports.bus());
        GatewayLifecycle lifecycle = new GatewayLifecycle();
        Revocations revocations = new Revocations(operations.revocations());
        revocations.reload();
        Authenticator authenticator = new Authenticator(ports.tokenVerifier(), revocations);
        InstanceId instance = InstanceId.random();
        ClientReplies replies = new ClientReplies(ports.channel(), telemetry);
        DeliveryContext delivery = new DeliveryContext(ports.store(), ports.channel(), ports.tasks(), telemetry, clock,
                settings);
        this.presence = new PresenceTracker(settings.channelPolicy(), ports.presence().registry(), ports.bus(),
                ports.channel(), ports.tasks(), clock, ports.presence().ttl(), instance);
        Subscriptions subscriptions = new Subscriptions(rooms, delivery, telemetry, presence);

        StoreThenForward publishing = new StoreThenForward(ports.store(), ports.bus(), rooms, telemetry, clock,
                settings.publishLimits(), ports.tasks(), lifecycle);
        EphemeralRelay relay = new EphemeralRelay(ports.bus(), rooms, settings.channelPolicy(), telemetry, lifecycle);
        this.publish = new PublishEventService(publishing, relay, settings.channelPolicy(), authenticator,
                settings.eventSizeLimit(), clock);
        this.publishBatch = new PublishBatchService(publishing, settings.channelPolicy(), authenticator,
                settings.eventSizeLimit(), settings.publishLimits(), clock);
        this.clientPublish = new ClientPublishService(clients, settings.channelPolicy(), publishing, relay,
                settings.eventSizeLimit(), ports.channel(), replies, telemetry, clock);
        this.connect = new ConnectClientService(settings, clients, authenticator, lifecycle, replies, telemetry, clock);
        this.admitInbound = new AdmitInboundMessageService(settings, clients, replies, telemetry, clock);
        this.subscribe = new SubscribeService(clients, subscriptions, replies, telemetry, clock);
        this.unsubscribe = new UnsubscribeService(clients, subscriptions, ports.channel(), telemetry);
        this.ping = new PingService(clients, ports.channel(), telemetry);
        this.rejectRequest = new RejectRequestService(replies);
        this.disconnect = new DisconnectClientService(clients, subscriptions, telemetry);
        this.evictIdle = new EvictIdleClientsService(settings.idleTimeout(), clients, disconnect, replies, clock);
        this.reconcile = new ReconcileSubscriptionsService(rooms, ports.store());
        this.snapshot = new ReadJobSnapshotService(ports.store(), settings.terminalEventTypes(), authenticator, clock);
        this.eventsPage = new ReadEventsPageService(ports.store(), authenticator, clock);
        this.metrics = new ReadGatewayMetricsService(clients, rooms, statistics, ports.bus(), lifecycle, authenticator,
                clock);
        this.drain = new DrainGatewayService(lifecycle, clients, replies, authenticator, clock);
        this.requestPresence = new RequestPresenceService(clients, presence, settings.channelPolicy(), ports.channel(),
                replies, ports.tasks(), telemetry);
        this.readPresence = new ReadPresenceService(presence, settings.channelPolicy(), authenticator, clock);
        this.refreshToken = new RefreshTokenService(clients, subscriptions, authenticator, ports.channel(), replies,
                telemetry, clock);
        this.enforceTokenExpiry = new EnforceTokenExpiryService(tokenExpiry, clients, disconnect, replies, telemetry,
                clock);

        this.sweepRetention = new SweepRetentionService(ports.store(), retention, ports.tasks(), clock);
        this.deleteJobEvents = new DeleteJobEventsService(ports.store(), authenticator, clock, retention.batchSize());

        this.authorizeAdmin = new AuthorizeAdminService(operator.adminOpen(), authenticator, clock);
        this.maintenance = new MaintenanceService(lifecycle, operations.control(), clock);
        OperatorRequests operatorRequests = new OperatorRequests(clients, replies, revocations, instance);
        ClusterRequests clusterRequests = new ClusterRequests(operations.control(), operatorRequests);
        this.listConnections = new ListConnectionsService(clusterRequests);
        this.closeConnection = new CloseConnectionService(clusterRequests);
        this.revokeUser = new RevokeUserService(revocations, clusterRequests, clock);
        operations.control().addListener(new ControlListener(maintenance, operatorRequests, clusterRequests,
                operations.control()));
        maintenance.start(operator.maintenanceAtStart());

        // after a broker outage, live delivery may have missed anything: repair from the store
        ports.bus().addReconnectListener(() -> ports.tasks().execute(reconcile::reconcile));
        // revocations made while this instance could not hear them are in the store
        ports.bus().addReconnectListener(() -> ports.tasks().execute(() -> revocations.reload()
                .forEach(operatorRequests::enforce)));
    }

    /** The out-ports one instance runs on. {@code tokenVerifier} empty means auth is off. */
    public record Ports(EventStore store, EventBus bus, ClientChannel channel, TaskScheduler tasks, Clock clock,
                        Telemetry telemetry, Optional<TokenVerifier> tokenVerifier, Presence presence) {

        public Ports {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(telemetry, "telemetry");
            Objects.requireNonNull(tokenVerifier, "tokenVerifier");
            Objects.requireNonNull(presence, "presence");
        }
    }

    /**
     * The operator's controls: how they start, and where the instances of a cluster share them.
     */
    public record Operations(OperatorSettings settings, ClusterControl control, RevocationStore revocations) {

        public Operations {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(revocations, "revocations");
        }

        /** One instance on its own (the in-process bus): its controls are its alone. */
        public static Operations standalone(OperatorSettings settings, RevocationStore revocations) {
            return new Operations(settings, new StandaloneClusterControl(), revocations);
        }

        /** One instance on its own whose revocations last as long as it runs (tests). */
        public static Operations standalone(OperatorSettings settings) {
            return standalone(settings, new UnsharedRevocationStore());
        }
    }

    /** The shared presence state, and the TTL its leases run for (the instances' refreshes follow it). */
    public record Presence(PresenceRegistry registry, PresenceTtl ttl) {

        public Presence {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(ttl, "ttl");
        }
    }

    /** Every report of this instance, to its own statistics and to the sink it was given. */
    public Telemetry telemetry() {
        return telemetry;
    }

    public GatewayStatistics statistics() {
        return statistics;
    }

    public PublishEventUseCase publishEvent() {
        return publish;
    }

    public PublishBatchUseCase publishBatch() {
        return publishBatch;
    }

    public ClientPublishUseCase clientPublish() {
        return clientPublish;
    }

    public ConnectClientUseCase connectClient() {
        return connect;
    }

    public AdmitInboundMessageUseCase admitInboundMessage() {
        return admitInbound;
    }

    public SubscribeUseCase subscribe() {
        return subscribe;
    }

    public UnsubscribeUseCase unsubscribe() {
        return unsubscribe;
    }

    public PingUseCase ping() {
        return ping;
    }

    public RejectRequestUseCase rejectRequest() {
        return rejectRequest;
    }

    public DisconnectClientUseCase disconnectClient() {
        return disconnect;
    }

    public EvictIdleClientsUseCase evictIdleClients() {
        return evictIdle;
    }

    public ReconcileSubscriptionsUseCase reconcileSubscriptions() {
        return reconcile;
    }

    public ReadJobSnapshotUseCase readJobSnapshot() {
        return snapshot;
    }

    public ReadEventsPageUseCase readEventsPage() {
        return eventsPage;
    }

    public ReadGatewayMetricsUseCase readGatewayMetrics() {
        return metrics;
    }

    public DrainGatewayUseCase drainGateway() {
        return drain;
    }

    public RequestPresenceUseCase requestPresence() {
        return requestPresence;
    }

    public ReadPresenceUseCase readPresence() {
        return readPresence;
    }

    /**
     * Renews this instance's presence lease, writes its members again and reconciles the channels it
     * serves; the runtime calls it every {@link PresenceTtl#refreshInterval()}.
     */
    public void refreshPresence() {
        presence.refresh();
    }

    /** Presence members this instance holds (its connections subscribed to channels with presence). */
    public int presenceMembers() {
        return presence.heldMembers();
    }

    /** Channels with presence in which this instance holds at least one member. */
    public int presenceChannels() {
        return presence.heldChannels();
    }

    public RefreshTokenUseCase refreshToken() {
        return refreshToken;
    }

    public EnforceTokenExpiryUseCase enforceTokenExpiry() {
        return enforceTokenExpiry;
    }

    public AuthorizeAdminUseCase authorizeAdmin() {
        return authorizeAdmin;
    }

    public MaintenanceUseCase maintenance() {
        return maintenance;
    }

    public ListConnectionsUseCase listConnections() {
        return listConnections;
    }

    public CloseConnectionUseCase closeConnection() {
        return closeConnection;
    }

    public RevokeUserUseCase revokeUser() {
        return revokeUser;
    }

    public SweepRetentionUseCase sweepRetention() {
        return sweepRetention;
    }

    public DeleteJobEventsUseCase deleteJobEvents() {
        return deleteJobEvents;
    }
}
