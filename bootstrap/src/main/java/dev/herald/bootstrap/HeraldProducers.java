package dev.herald.bootstrap;

import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.adapter.rest.sse.SseClientChannel;
import dev.herald.adapter.websocket.RealtimeTransport;
import dev.herald.adapter.websocket.connection.WebSocketClientChannel;
import dev.herald.adapter.websocket.upgrade.CompressionSettings;
import dev.herald.application.port.in.AdmitInboundMessageUseCase;
import dev.herald.application.port.in.AuthorizeAdminUseCase;
import dev.herald.application.port.in.MaintenanceUseCase;
import dev.herald.application.port.in.CloseConnectionUseCase;
import dev.herald.application.port.in.ListConnectionsUseCase;
import dev.herald.application.port.in.RevokeUserUseCase;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.DeleteJobEventsUseCase;
import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.in.DrainGatewayUseCase;
import dev.herald.application.port.in.ClientPublishUseCase;
import dev.herald.application.port.in.PingUseCase;
import dev.herald.application.port.in.ReadPresenceUseCase;
import dev.herald.application.port.in.RequestPresenceUseCase;
import dev.herald.application.port.in.PublishBatchUseCase;
import dev.herald.application.port.in.PublishEventUseCase;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.in.ReadGatewayMetricsUseCase;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.in.RefreshTokenUseCase;
import dev.herald.application.port.in.RejectRequestUseCase;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.in.UnsubscribeUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.client.OriginAllowList;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.PublishLimits;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The CDI face of the gateway: builds the {@link HeraldRuntime} when the application starts,
 * exposes its use cases and adapters as beans, contributes one health check per adapter, and
 * drains before the application stops.
 */
@ApplicationScoped
public class HeraldProducers {

    @Inject
    Config config;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private volatile HeraldRuntime runtime;
    private Thread drainOnSignal;

    /**
     * Built eagerly, so a configuration error stops the start instead of the first request.
     *
     * <p>On a server stop Liberty drops WebSocket connections before any application callback
     * runs, so the only early moment is a JVM shutdown hook on SIGTERM (what container platforms
     * send): it drains as far as it can. {@code POST /api/realtime/drain} before stopping is the
     * guaranteed way.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        HeraldRuntime started = runtime();
        drainOnSignal = new Thread(started::drainOnSignal, "herald-drain-on-signal");
        Runtime.getRuntime().addShutdownHook(drainOnSignal);
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (drainOnSignal != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(drainOnSignal);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
    }

    @PreDestroy
    void close() {
        HeraldRuntime current = runtime;
        if (current != null) {
            current.close();
        }
    }

    HeraldRuntime runtime() {
        HeraldRuntime current = runtime;
        if (current == null) {
            synchronized (this) {
                if (runtime == null) {
                    runtime = new HeraldRuntime(config, metrics);
                }
                current = runtime;
            }
        }
        return current;
    }

    @Produces
    InboundSizeLimit inboundSizeLimit() {
        return runtime().settings().inboundSizeLimit();
    }

    @Produces
    EventSizeLimit eventSizeLimit() {
        return runtime().settings().eventSizeLimit();
    }

    @Produces
    PublishLimits publishLimits() {
        return runtime().settings().publishLimits();
    }

    @Produces
    Telemetry telemetry() {
        return runtime().core().telemetry();
    }

    @Produces
    ClientAddressResolver clientAddresses() {
        return runtime().clientAddresses();
    }

    @Produces
    AuthorizeAdminUseCase authorizeAdmin() {
        return runtime().core().authorizeAdmin();
    }

    @Produces
    ListConnectionsUseCase listConnections() {
        return runtime().core().listConnections();
    }

    @Produces
    CloseConnectionUseCase closeConnection() {
        return runtime().core().closeConnection();
    }

    @Produces
    RevokeUserUseCase revokeUser() {
        return runtime().core().revokeUser();
    }

    @Produces
    MaintenanceUseCase maintenance() {
        return runtime().core().maintenance();
    }

    @Produces
    DrainGatewayUseCase drainGateway() {
        return runtime().core().drainGateway();
    }

    @Produces
    RealtimeTransport transport() {
        return runtime().transport();
    }

    @Produces
    CompressionSettings compression() {
        return runtime().compression();
    }

    @Produces
    WebSocketClientChannel channel() {
        return runtime().channel();
    }

    @Produces
    SseClientChannel streams() {
        return runtime().streams();
    }

    @Produces
    OriginAllowList allowedOrigins() {
        return runtime().settings().allowedOrigins();
    }

    @Produces
    PublishEventUseCase publishEvent() {
        return runtime().core().publishEvent();
    }

    @Produces
    PublishBatchUseCase publishBatch() {
        return runtime().core().publishBatch();
    }

    @Produces
    ConnectClientUseCase connectClient() {
        return runtime().core().connectClient();
    }

    @Produces
    AdmitInboundMessageUseCase admitInboundMessage() {
        return runtime().core().admitInboundMessage();
    }

    @Produces
    SubscribeUseCase subscribe() {
        return runtime().core().subscribe();
    }

    @Produces
    UnsubscribeUseCase unsubscribe() {
        return runtime().core().unsubscribe();
    }

    @Produces
    ClientPublishUseCase clientPublish() {
        return runtime().core().clientPublish();
    }

    @Produces
    PingUseCase ping() {
        return runtime().core().ping();
    }

    @Produces
    RequestPresenceUseCase requestPresence() {
        return runtime().core().requestPresence();
    }

    @Produces
    ReadPresenceUseCase readPresence() {
        return runtime().core().readPresence();
    }

    @Produces
    RefreshTokenUseCase refreshToken() {
        return runtime().core().refreshToken();
    }

    @Produces
    RejectRequestUseCase rejectRequest() {
        return runtime().core().rejectRequest();
    }

    @Produces
    DisconnectClientUseCase disconnectClient() {
        return runtime().core().disconnectClient();
    }

    @Produces
    ReadJobSnapshotUseCase readJobSnapshot() {
        return runtime().core().readJobSnapshot();
    }

    @Produces
    ReadEventsPageUseCase readEventsPage() {
        return runtime().core().readEventsPage();
    }

    @Produces
    DeleteJobEventsUseCase deleteJobEvents() {
        return runtime().core().deleteJobEvents();
    }

    @Produces
    ReadGatewayMetricsUseCase readGatewayMetrics() {
        return runtime().core().readGatewayMetrics();
    }

    @Produces
    @Readiness
    HealthCheck eventStoreHealth() {
        return () -> runtime().storeProvider().health().call();
    }

    @Produces
    @Readiness
    HealthCheck eventBusHealth() {
        return () -> runtime().busProvider().health().call();
    }

    @Produces
    @Readiness
    HealthCheck gatewayHealth() {
        return () -> {
            boolean draining = runtime().core().drainGateway().draining();
            return HealthCheckResponse.named("gateway").status(!draining)
                    .withData("openConnections", runtime().openConnections())
                    .withData("draining", draining)
                    .withData("maintenance", runtime().core().maintenance().current().enabled()).build();
        };
    }

    @Produces
    @Liveness
    HealthCheck liveness() {
        return () -> HealthCheckResponse.named("gateway").up().build();
    }

    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("gateway").status(runtime != null).build();
    }
}
