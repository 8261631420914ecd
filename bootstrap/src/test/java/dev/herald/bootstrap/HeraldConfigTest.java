package dev.herald.bootstrap;

import dev.herald.adapter.websocket.connection.Heartbeat;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeraldConfigTest {

    private static HeraldConfig config(Map<String, String> values) {
        return new HeraldConfig(new MapConfig(values));
    }

    @Test
    void theSeedEnvironmentVariablesWork() {
        GatewaySettings settings = GatewaySettingsFactory.from(config(Map.of(
                "SOCKET_MAX_CONNECTIONS", "50", "SOCKET_MAX_CONNECTIONS_PER_ORIGIN", "25",
                "SOCKET_MAX_SUBSCRIPTIONS_PER_CLIENT", "7", "SOCKET_IDLE_TIMEOUT_MS", "2000")));
        assertThat(settings.connectionCaps().maxTotal()).isEqualTo(50);
        assertThat(settings.connectionCaps().maxPerOrigin()).isEqualTo(25);
        assertThat(settings.subscriptionCap().maxPerClient()).isEqualTo(7);
        assertThat(settings.idleTimeout().timeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void flagsAreTrueOrFalseAndTheSeedMaintenanceNameWorks() {
        assertThat(config(Map.of("MAINTENANCE_MODE", "TRUE")).flag(Setting.MAINTENANCE)).isTrue();
        assertThat(config(Map.of("herald.maintenance", "false", "MAINTENANCE_MODE", "true"))
                .flag(Setting.MAINTENANCE)).isFalse();
        assertThat(config(Map.of()).flag(Setting.ADMIN_OPEN)).isFalse();
        assertThatThrownBy(() -> config(Map.of("herald.admin.open", "yes")).flag(Setting.ADMIN_OPEN))
                .hasMessageContaining("herald.admin.open").hasMessageContaining("true or false");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        GatewaySettings settings = GatewaySettingsFactory.from(config(Map.of()));
        assertThat(settings.connectionCaps().maxTotal()).isEqualTo(500);
        assertThat(settings.connectionCaps().maxPerOrigin()).isZero();
        assertThat(settings.subscriptionCap().maxPerClient()).isEqualTo(5);
        assertThat(settings.idleTimeout().timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.inboundSizeLimit().maxBytes()).isEqualTo(16 * 1024);
        assertThat(settings.inboundRateLimit().maxMessages()).isEqualTo(200);
        assertThat(settings.inboundRateLimit().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.inboundRateLimit().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.eventSizeLimit().maxBytes()).isEqualTo(64 * 1024);
        assertThat(settings.terminalEventTypes().statusAfter(EventType.of("job.failed"))).isEqualTo(JobStatus.FAILED);
        assertThat(settings.allowedOrigins().allowsAny()).isTrue();
        assertThat(GatewaySettingsFactory.backlogLimit(config(Map.of())).maxBytes()).isEqualTo(4L * 1024 * 1024);
    }

    @Test
    void compressionIsOffByDefaultWithAThresholdOf1KiB() {
        assertThat(GatewaySettingsFactory.compression(config(Map.of())))
                .isEqualTo(new dev.herald.adapter.websocket.upgrade.CompressionSettings(false, 1024));
        assertThat(GatewaySettingsFactory.compression(config(Map.of("herald.socket.compression", "TRUE",
                "herald.socket.compression-threshold-bytes", "0"))))
                .isEqualTo(new dev.herald.adapter.websocket.upgrade.CompressionSettings(true, 0));
        assertThatThrownBy(() -> GatewaySettingsFactory.compression(config(Map.of("herald.socket.compression", "yes"))))
                .hasMessage("Invalid configuration: herald.socket.compression is \"yes\", expected true or false");
        assertThatThrownBy(() -> GatewaySettingsFactory.compression(config(Map.of("herald.socket.compression-threshold-bytes", "-1"))))
                .hasMessage("Invalid configuration: herald.socket.compression-threshold-bytes is \"-1\", expected an integer >= 0");
    }

    @Test
    void serverPingsDefaultTo25And10SecondsAndTakeTheSeedRelaysNames() {
        assertThat(GatewaySettingsFactory.heartbeats(config(Map.of())))
                .isEqualTo(new Heartbeat.Settings(Duration.ofSeconds(25), Duration.ofSeconds(10)));
        assertThat(GatewaySettingsFactory.heartbeats(config(Map.of("WS_PING_INTERVAL_MS", "1000", "WS_PING_TIMEOUT_MS", "1500"))))
                .isEqualTo(new Heartbeat.Settings(Duration.ofMillis(1000), Duration.ofMillis(1500)));
        assertThat(GatewaySettingsFactory.heartbeats(config(Map.of("herald.socket.ping-interval-ms", "0"))).enabled()).isFalse();
        assertThatThrownBy(() -> GatewaySettingsFactory.heartbeats(config(Map.of("WS_PING_TIMEOUT_MS", "0"))))
                .hasMessage("Invalid configuration: herald.socket.pong-timeout-ms (WS_PING_TIMEOUT_MS) is \"0\", expected an integer >= 1");
    }

    @Test
    void thePropertyNameWinsOverTheSeedName() {
        HeraldConfig both = config(Map.of("herald.socket.max-connections", "10", "SOCKET_MAX_CONNECTIONS", "20"));
        assertThat(both.integer(Setting.MAX_CONNECTIONS, 0)).isEqualTo(10);
    }

    @Test
    void aBlankValueCountsAsUnsetAndDoesNotHideTheOtherName() {
        HeraldConfig blank = config(Map.of("herald.socket.max-connections", "  ", "SOCKET_MAX_CONNECTIONS", "20"));
        assertThat(blank.integer(Setting.MAX_CONNECTIONS, 0)).isEqualTo(20);
        assertThat(config(Map.of("herald.mongo.uri", " ")).string(Setting.MONGO_URI)).isEmpty();
    }

    @Test
    void aBadValueStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> GatewaySettingsFactory.from(config(Map.of("SOCKET_MAX_CONNECTIONS", "lots"))))
                .hasMessage("Invalid configuration: herald.socket.max-connections (SOCKET_MAX_CONNECTIONS) is \"lots\", expected an integer");
        assertThatThrownBy(() -> GatewaySettingsFactory.from(config(Map.of("SOCKET_IDLE_TIMEOUT_MS", "-1"))))
                .hasMessageContaining("herald.socket.idle-timeout-ms").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> config(Map.of("herald.mongo.embedded.port", "70000"))
                .integerBetween(Setting.MONGO_EMBEDDED_PORT, 0, 65_535)).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> GatewaySettingsFactory.from(config(Map.of("herald.job.terminal-types.failed", "job failed"))))
                .hasMessageStartingWith("Invalid configuration: herald.job.terminal-types.*");
    }

    @Test
    void secretValuesAreNeverShownInErrors() {
        assertThatThrownBy(() -> config(Map.of("REALTIME_SHARED_SECRET", "s3cret")).integer(Setting.AUTH_SECRET, 0))
                .hasMessageNotContaining("s3cret").hasMessageContaining("(hidden)");
    }

    @Test
    void choicesAndListsParse() {
        assertThat(config(Map.of("herald.event-store", "Memory")).choice(Setting.EVENT_STORE, EventStoreProvider.Kind.class)).isEqualTo(EventStoreProvider.Kind.MEMORY);
        assertThatThrownBy(() -> config(Map.of("herald.event-bus", "kafka")).choice(Setting.EVENT_BUS,
                EventBusProvider.Kind.class))
                .hasMessage("Invalid configuration: herald.event-bus is \"kafka\", expected one of [auto, redis, memory]");
        assertThat(config(Map.of("herald.allowed-origins", " https://a.example, https://b.example ,")).list(Setting.ALLOWED_ORIGINS))
                .isEqualTo(List.of("https://a.example", "https://b.example"));
    }

    @Test
    void theSeedRelaysNamesAreAliases() {
        GatewaySettings settings = GatewaySettingsFactory.from(config(Map.of("MAX_TOTAL_CONNECTIONS", "10000",
                "MAX_CONNS_PER_IP", "50", "MAX_MSGS_PER_10S", "100", "MAX_BYTES_PER_10S", "65536")));
        assertThat(settings.connectionCaps().maxTotal()).isEqualTo(10_000);
        assertThat(settings.connectionCaps().maxPerAddress()).isEqualTo(50);
        assertThat(settings.inboundRateLimit().maxMessages()).isEqualTo(100);
        assertThat(settings.inboundRateLimit().maxBytes()).isEqualTo(65_536);
        assertThat(settings.inboundRateLimit().window()).isEqualTo(Duration.ofSeconds(10));
        // the gateway's older seed name and the property still come first
        assertThat(GatewaySettingsFactory.from(config(Map.of("MAX_TOTAL_CONNECTIONS", "1", "SOCKET_MAX_CONNECTIONS", "2")))
                .connectionCaps().maxTotal()).isEqualTo(2);
        assertThatThrownBy(() -> GatewaySettingsFactory.from(config(Map.of("MAX_CONNS_PER_IP", "many"))))
                .hasMessage("Invalid configuration: herald.socket.max-connections-per-address (MAX_CONNS_PER_IP) is \"many\","
                        + " expected an integer");
    }

    @Test
    void aPerTenSecondBudgetRefusesAnotherWindow() {
        assertThatThrownBy(() -> GatewaySettingsFactory.from(config(Map.of("MAX_MSGS_PER_10S", "100",
                "herald.socket.rate.window-ms", "1000"))))
                .hasMessage("Invalid configuration: MAX_MSGS_PER_10S counts per 10 s, but herald.socket.rate.window-ms"
                        + " is 1000 ms; set herald.socket.rate.max-messages for that window instead");
        assertThat(GatewaySettingsFactory.from(config(Map.of("herald.socket.rate.max-bytes", "100",
                "herald.socket.rate.window-ms", "1000"))).inboundRateLimit().maxBytes()).isEqualTo(100);
    }
}
