package dev.herald.bootstrap;

import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.adapter.rest.sse.SseClientChannel;
import dev.herald.adapter.websocket.RealtimeTransport;
import dev.herald.adapter.websocket.connection.SocketWriters;
import dev.herald.adapter.websocket.connection.WebSocketClientChannel;
import dev.herald.adapter.websocket.upgrade.CompressionSettings;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.application.service.HeraldCore;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.settings.OperatorSettings;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.domain.auth.TokenExpiry;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.retention.RetentionPolicy;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One gateway instance, assembled: configuration, the chosen adapters, the application core and
 * its background schedules. {@link HeraldProducers} holds one for the server; a test can build a
 * second one in its own JVM to play another instance.
 */
public final class HeraldRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HeraldRuntime.class.getName());
    private static final Duration IDLE_SWEEP = Duration.ofMillis(250);
    /** How often open connections' tokens are looked at: TOKEN_EXPIRED and the close come this late at most. */
    private static final Duration TOKEN_EXPIRY_SWEEP = Duration.ofMillis(250);
    /** How often writes in progress are looked at (compensation for blocked writers). */
    private static final Duration WRITER_INSPECTION = Duration.ofMillis(10);
    /** SSE writer threads at most (see {@link #streamWriters()}). */
    private static final int SSE_WRITERS = 64;

    private final HeraldConfig config;
    private final GatewaySettings settings;
    private final TokenExpiry tokenExpiry;
    private final RetentionSettings retention;
    private final Duration retentionSweep;
    private final boolean authOn;
    private final EventStoreProvider store;
    private final EventBusProvider bus;
    private final PresenceRegistryProvider presence;
    private final ExecutorTaskScheduler tasks;
    private final WebSocketClientChannel channel;
    private final HeraldCore core;
    private final Duration drainGrace;
    private final ClientAddressResolver clientAddresses;
    private final ExecutorService closer;
    private final RealtimeTransport transport;
    private final CompressionSettings compression;
    private final SocketWriters writers;
    private final OperatorSettings operator;
    private final ClusterControlProvider control;
    private final SseClientChannel streams;
    private final ExecutorService streamWriters;

    public HeraldRuntime(Config rawConfig, MetricRegistry metrics) {
        this.config = new HeraldConfig(rawConfig);
        this.settings = GatewaySettingsFactory.from(config);
        this.tokenExpiry = new TokenExpiry(config.millis(Setting.AUTH_EXPIRY_GRACE_MS, 0));
        this.retention = retention(config);
        this.retentionSweep = config.millis(Setting.RETENTION_SWEEP_INTERVAL_MS, 1_000);
        this.tasks = new ExecutorTaskScheduler("herald-tasks", config.integer(Setting.TASK_THREADS, 1));
        EventStoreProvider createdStore = null;
        EventBusProvider createdBus = null;
        try {
            createdStore = new EventStoreProvider(config);
            createdBus = new EventBusProvider(config);
        } catch (RuntimeException e) {
            if (createdStore != null) {
                createdStore.close();
            }
            tasks.close();
            throw e;
        }
        this.store = createdStore;
        this.bus = createdBus;
        this.presence = new PresenceRegistryProvider(config, bus, Clock.systemUTC());
        MicroProfileTelemetry telemetry = new MicroProfileTelemetry(metrics);
        Clock clock = Clock.systemUTC();
        this.closer = Executors.newFixedThreadPool(4, ExecutorTaskScheduler.daemonThreads("herald-ws-close"));
        this.writers = socketWriters(config);
        this.channel = new WebSocketClientChannel(GatewaySettingsFactory.backlogLimit(config), telemetry, clock,
                tasks.executor(), closer, writers, GatewaySettingsFactory.heartbeats(config));
        this.streamWriters = streamWriters();
        this.streams = new SseClientChannel(GatewaySettingsFactory.backlogLimit(config),
                config.millis(Setting.SSE_HEARTBEAT_MS, 1), writers.writeTimeout(), clock, streamWriters,
                tasks.executor());
        this.clientAddresses = new ClientAddressResolver(config.list(Setting.TRUSTED_PROXIES));
        this.transport = config.choice(Setting.TRANSPORT, RealtimeTransport.class);
        this.compression = GatewaySettingsFactory.compression(config);
        Optional<TokenVerifier> tokenVerifier = TokenVerifiers.from(config);
        this.authOn = tokenVerifier.isPresent();
        this.operator = new OperatorSettings(config.flag(Setting.ADMIN_OPEN),
                config.flag(Setting.MAINTENANCE));
        this.control = new ClusterControlProvider(operator, bus, store.revocations());
        this.core = new HeraldCore(new HeraldCore.Ports(store.store(), bus.bus(),
                new ClientChannelsByTransport(channel, streams), tasks, clock, telemetry,
                tokenVerifier, presence.presence()), settings, tokenExpiry, retention, control.operations());
        // the channel reports a slow consumer from the sending thread, which may hold application locks
        channel.onSlowConsumer(client -> tasks.execute(() -> core.rejectRequest().reject(client,
                Rejection.of(ErrorCode.SLOW_CONSUMER, "Outbound backlog over the limit; resubscribe with afterSeq to resume"),
                Optional.empty(), Optional.<RequestId>empty())));
        streams.onSlowConsumer(client -> tasks.execute(() -> core.rejectRequest().reject(client,
                Rejection.of(ErrorCode.SLOW_CONSUMER, "Outbound backlog over the limit; reconnect with Last-Event-ID to resume"),
                Optional.empty(), Optional.<RequestId>empty())));
        // the transport's close callback can come long after a dead peer's socket is cut: free its slot now
        channel.onDeadPeer(client -> core.disconnectClient().disconnect(client, "1001 no pong"));
        this.drainGrace = config.millis(Setting.DRAIN_GRACE_MS, 0);
        telemetry.watchBus(bus.bus());
        telemetry.watchPresence(core);
        telemetry.watchMaintenance(core);
        store.cache().ifPresent(telemetry::watchCache);
        telemetry.watchWriters(writers);
        startSchedules();
        logStart();
    }

    private static RetentionSettings retention(HeraldConfig config) {
        Optional<Duration> maxAge = config.durationIfSet(Setting.RETENTION_MAX_AGE, Duration.ofSeconds(1));
        long maxEvents = config.number(Setting.RETENTION_MAX_EVENTS_PER_JOB, 0);
        RetentionPolicy policy = new RetentionPolicy(maxAge,
                maxEvents == 0 ? OptionalLong.empty() : OptionalLong.of(maxEvents));
        return new RetentionSettings(policy, config.integerBetween(Setting.RETENTION_BATCH_SIZE, 1, 10_000),
                RetentionSettings.DEFAULT_JOBS_PAGE, config.millis(Setting.RETENTION_BATCH_PAUSE_MS, 0));
    }

    /**
     * The write timeout is also the container's upgrade write timeout: server.xml passes the same
     * variable to {@code webContainer upgradewritetimeout}.
     */
    private static SocketWriters socketWriters(HeraldConfig config) {
        int threads = config.integerOr(Setting.WRITER_THREADS, 2 * Runtime.getRuntime().availableProcessors(), 1);
        // a value below writer-threads is refused; the default is raised to it
        int maxThreads = Math.max(threads, config.integer(Setting.WRITER_MAX_THREADS, threads));
        return new SocketWriters(threads, maxThreads, config.millis(Setting.WRITE_TIMEOUT_MS, 100));
    }

    /**
     * The threads that write SSE streams: as many as writes in progress, up to {@link #SSE_WRITERS},
     * none while every stream is idle. A write waiting for a client that stopped reading holds one
     * until the write timeout makes it a slow consumer.
     */
    private static ExecutorService streamWriters() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SSE_WRITERS, SSE_WRITERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), ExecutorTaskScheduler.daemonThreads("herald-sse-writer"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void startSchedules() {
        tasks.every(presence.ttl().refreshInterval(), core::refreshPresence);
        tasks.every(WRITER_INSPECTION, writers::inspect);
        tasks.every(streams.sweepPeriod(), streams::sweep);
        if (channel.heartbeats().enabled()) {
            tasks.every(channel.heartbeats().checkPeriod(), channel::checkHeartbeats);
        }
        if (settings.idleTimeout().enabled()) {
            tasks.every(IDLE_SWEEP, core.evictIdleClients()::evictIdle);
        }
        if (authOn) {
            tasks.every(TOKEN_EXPIRY_SWEEP, core.enforceTokenExpiry()::enforceExpiry);
        }
        if (retention.policy().enabled()) {
            tasks.every(retentionSweep, core.sweepRetention()::sweep);
        }
        Duration reconcileEvery = config.millis(Setting.RECONCILE_INTERVAL_MS, 0);
        if (!reconcileEvery.isZero()) {
            // two rounds per interval: a stuck subscription is repaired at the second round after its event was stored
            Duration round = Duration.ofMillis(Math.max(1, reconcileEvery.toMillis() / 2));
            tasks.every(round, core.reconcileSubscriptions()::reconcileStuck);
        }
    }

    private void logStart() {
        LOG.log(System.Logger.Level.INFO, "Herald gateway started: store " + store.description() + "; bus "
                + bus.description() + "; transport " + transport.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + "; compression " + describeCompression()
                + "; caps total " + settings.connectionCaps().maxTotal() + ", per origin "
                + settings.connectionCaps().maxPerOrigin() + ", per address " + settings.connectionCaps().maxPerAddress()
                + "; subscriptions per client " + settings.subscriptionCap().maxPerClient() + "; idle timeout "
                + settings.idleTimeout().timeout().toMillis() + " ms; allowed origins " + settings.allowedOrigins()
                + "; auth " + (authOn ? "on, token expiry grace " + tokenExpiry.grace().toMillis() + " ms" : "off")
                + "; retention " + retention.policy().describe() + (retention.policy().enabled()
                ? " (sweep every " + retentionSweep.toMillis() + " ms, batches of " + retention.batchSize() + ", "
                + retention.batchPause().toMillis() + " ms apart)" : ""));
        if (!settings.channelPolicy().namespaces().isEmpty() || settings.channelPolicy().creationLimit().enabled()) {
            LOG.log(System.Logger.Level.INFO, "Namespaces: " + describeNamespaces() + "; new ephemeral channels per"
                    + " address per minute " + (settings.channelPolicy().creationLimit().enabled()
                    ? settings.channelPolicy().creationLimit().maxPerWindow() : "unlimited"));
        }
        if (config.string(Setting.AUTH_SECRET).isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Authentication is OFF: no REALTIME_SHARED_SECRET (herald.auth.secret)"
                    + " is set, so anyone who can reach this gateway can connect, publish and read metrics");
        }
        LOG.log(System.Logger.Level.INFO, "Operator controls: " + control.description() + "; maintenance mode "
                + (core.maintenance().current().enabled() ? "ON" : "off"));
        if (core.authorizeAdmin().openWithoutAuth()) {
            LOG.log(System.Logger.Level.WARNING, "Admin endpoints are OPEN: herald.admin.open=true with auth off, so"
                    + " anyone who can reach this gateway can drain it, switch maintenance on and disconnect clients");
        } else if (!authOn) {
            LOG.log(System.Logger.Level.INFO, "Admin endpoints (/api/admin/..., the drain) answer loopback callers only"
                    + " (auth is off; herald.admin.open=true opens them)");
        }
    }

    private String describeCompression() {
        if (!compression.enabled()) {
            return "off";
        }
        return transport == RealtimeTransport.SERVLET_UPGRADE
                ? "permessage-deflate over " + compression.thresholdBytes() + " bytes"
                : "off (permessage-deflate is a servlet-upgrade feature)";
    }

    private String describeNamespaces() {
        if (settings.channelPolicy().namespaces().isEmpty()) {
            return "none configured";
        }
        StringBuilder out = new StringBuilder();
        settings.channelPolicy().namespaces().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.comparing(n -> n.name())))
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey().name())
                        .append(" (history ").append(e.getValue().history().configName())
                        .append(e.getValue().clientPublish() ? ", client publish" : "")
                        .append(e.getValue().presence() ? ", presence" : "")
                        .append(e.getValue().joinLeave() ? ", join-leave" : "").append(')'));
        return out.toString();
    }

    public HeraldCore core() {
        return core;
    }

    public GatewaySettings settings() {
        return settings;
    }

    public WebSocketClientChannel channel() {
        return channel;
    }

    public SseClientChannel streams() {
        return streams;
    }

    /** Open WebSocket connections and SSE streams. */
    public int openConnections() {
        return channel.openConnections() + streams.openStreams();
    }

    public RealtimeTransport transport() {
        return transport;
    }

    public CompressionSettings compression() {
        return compression;
    }

    public ClientAddressResolver clientAddresses() {
        return clientAddresses;
    }

    EventStoreProvider storeProvider() {
        return store;
    }

    EventBusProvider busProvider() {
        return bus;
    }

    /**
     * Graceful stop on SIGTERM: refuse newcomers, tell every client to go, and give their close
     * frames up to the grace period (the server's own shutdown runs meanwhile).
     */
    void drainOnSignal() {
        LOG.log(System.Logger.Level.INFO, "Stop signal: draining " + openConnections() + " connection(s)");
        core.drainGateway().beginDrain();
        long deadline = System.nanoTime() + drainGrace.toNanos();
        while (!core.drainGateway().drained() && openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.INFO, "Drain finished: " + openConnections() + " connection(s) still open");
    }

    @Override
    public void close() {
        // streams end with a last frame the client can read, then reconnect and resume elsewhere
        streams.endAll(ServerMessage.Error.of(ErrorCode.SHUTTING_DOWN, "The gateway is stopping; reconnect to resume"));
        streamWriters.shutdown();
        closer.shutdown();
        tasks.close();
        writers.close();
        presence.close();
        control.close();
        bus.close();
        store.close();
    }
}
