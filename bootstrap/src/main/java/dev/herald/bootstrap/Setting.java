package dev.herald.bootstrap;

import dev.herald.adapter.mongo.MongoSettings;
import dev.herald.adapter.redis.ReconnectBackoff;
import dev.herald.adapter.redis.RedisSettings;
import dev.herald.adapter.redis.RedisSettingsReader;
import dev.herald.adapter.websocket.connection.Heartbeat;
import dev.herald.adapter.websocket.upgrade.CompressionSettings;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.domain.auth.TokenExpiry;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.client.OutboundBacklogLimit;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.PublishLimits;
import dev.herald.domain.presence.PresenceTtl;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting Herald reads: its property name, its default (the one place defaults live: the
 * readers of settings take it from here, and where a domain or adapter type has a default of its own
 * this takes that one), the seed deployments' environment variables when there are some (the
 * property wins, then the aliases in the order given), and whether its value is secret (never
 * shown in errors or logs). The options of each namespace ({@code herald.namespace.N.*})
 * have names made from the namespace's: {@link NamespaceSettings} reads them.
 * docs/configuration.md lists the same table with meanings; ConfigurationDocTest keeps the two equal.
 */
public enum Setting {
    EVENT_STORE("herald.event-store", NoDefault.NONE),
    EVENT_BUS("herald.event-bus", "auto"),

    MAX_CONNECTIONS("herald.socket.max-connections", 500, "SOCKET_MAX_CONNECTIONS", "MAX_TOTAL_CONNECTIONS"),
    MAX_CONNECTIONS_PER_ORIGIN("herald.socket.max-connections-per-origin", 0, "SOCKET_MAX_CONNECTIONS_PER_ORIGIN"),
    MAX_CONNECTIONS_PER_ADDRESS("herald.socket.max-connections-per-address", 0, "MAX_CONNS_PER_IP"),
    CONNECTION_RATE_MAX_PER_ADDRESS("herald.socket.connection-rate.max-per-address", 0),
    CONNECTION_RATE_WINDOW_MS("herald.socket.connection-rate.window-ms", 60_000),
    MAX_SUBSCRIPTIONS_PER_CLIENT("herald.socket.max-subscriptions-per-client", 5, "SOCKET_MAX_SUBSCRIPTIONS_PER_CLIENT"),
    IDLE_TIMEOUT_MS("herald.socket.idle-timeout-ms", 300_000, "SOCKET_IDLE_TIMEOUT_MS"),
    MAX_FRAME_BYTES("herald.socket.max-frame-bytes", InboundSizeLimit.DEFAULT_MAX_BYTES),
    /** The seed relay's aliases count per 10 s: {@link GatewaySettingsFactory} holds them to that window. */
    RATE_MAX_MESSAGES("herald.socket.rate.max-messages", 200, "MAX_MSGS_PER_10S"),
    RATE_MAX_BYTES("herald.socket.rate.max-bytes", 1024 * 1024, "MAX_BYTES_PER_10S"),
    RATE_WINDOW_MS("herald.socket.rate.window-ms", GatewaySettingsFactory.SEED_RATE_WINDOW.toMillis()),
    BACKLOG_MAX_MESSAGES("herald.socket.backlog.max-messages", OutboundBacklogLimit.defaults().maxMessages()),
    BACKLOG_MAX_BYTES("herald.socket.backlog.max-bytes", OutboundBacklogLimit.defaults().maxBytes()),
    TRUSTED_PROXIES("herald.socket.trusted-proxies", NoDefault.NONE),
    TRANSPORT("herald.socket.transport", "servlet-upgrade"),
    /** Computed: twice the available processors. */
    WRITER_THREADS("herald.socket.writer-threads", NoDefault.NONE),
    /** Raised to {@link #WRITER_THREADS} when that is larger. */
    WRITER_MAX_THREADS("herald.socket.writer-max-threads", 256),
    WRITE_TIMEOUT_MS("herald.socket.write-timeout-ms", 10_000),
    PING_INTERVAL_MS("herald.socket.ping-interval-ms", Heartbeat.Settings.DEFAULTS.interval().toMillis(),
            "WS_PING_INTERVAL_MS"),
    PONG_TIMEOUT_MS("herald.socket.pong-timeout-ms", Heartbeat.Settings.DEFAULTS.timeout().toMillis(),
            "WS_PING_TIMEOUT_MS"),
    COMPRESSION("herald.socket.compression", false),
    COMPRESSION_THRESHOLD_BYTES("herald.socket.compression-threshold-bytes", CompressionSettings.DEFAULT_THRESHOLD_BYTES),
    ALLOWED_ORIGINS("herald.allowed-origins", NoDefault.NONE),
    SSE_HEARTBEAT_MS("herald.sse.heartbeat-ms", 15_000),

    EVENT_MAX_BYTES("herald.event.max-bytes", EventSizeLimit.DEFAULT_MAX_BYTES),
    PUBLISH_MAX_BATCH("herald.publish.max-batch", PublishLimits.DEFAULT_MAX_BATCH_EVENTS),
    PUBLISH_MAX_BATCH_BYTES("herald.publish.max-batch-bytes", PublishLimits.DEFAULT_MAX_BATCH_BYTES),
    PUBLISH_IDEMPOTENCY_WINDOW("herald.publish.idempotency-window", PublishLimits.DEFAULT_IDEMPOTENCY_WINDOW),
    TERMINAL_COMPLETED("herald.job.terminal-types.completed", "job.completed"),
    TERMINAL_FAILED("herald.job.terminal-types.failed", "job.failed"),
    TERMINAL_CANCELLED("herald.job.terminal-types.cancelled", "job.cancelled"),

    CATCH_UP_PAGE_SIZE("herald.catch-up.page-size", GatewaySettings.defaults().catchUpPageSize()),
    CATCH_UP_HOLD_LIMIT("herald.catch-up.hold-limit", GatewaySettings.defaults().liveHoldLimit()),
    CATCH_UP_STALL_TIMEOUT_MS("herald.catch-up.stall-timeout-ms",
            GatewaySettings.defaults().catchUpStallLimit().toMillis()),
    RECONCILE_INTERVAL_MS("herald.reconcile.interval-ms", 5_000),
    DRAIN_GRACE_MS("herald.drain.grace-ms", 5_000),
    RETENTION_MAX_AGE("herald.retention.max-age", NoDefault.NONE),
    RETENTION_MAX_EVENTS_PER_JOB("herald.retention.max-events-per-job", 0),
    RETENTION_SWEEP_INTERVAL_MS("herald.retention.sweep-interval-ms", 60_000),
    RETENTION_BATCH_SIZE("herald.retention.batch-size", RetentionSettings.DEFAULT_BATCH_SIZE),
    RETENTION_BATCH_PAUSE_MS("herald.retention.batch-pause-ms", RetentionSettings.DEFAULT_BATCH_PAUSE.toMillis()),

    AUTH_SECRET("herald.auth.secret", NoDefault.SECRET, "REALTIME_SHARED_SECRET"),
    AUTH_PREVIOUS_SECRET("herald.auth.previous-secret", NoDefault.SECRET),
    AUTH_CLOCK_SKEW_SECONDS("herald.auth.clock-skew-seconds", 30),
    AUTH_EXPIRY_GRACE_MS("herald.auth.expiry-grace-ms", TokenExpiry.DEFAULT_GRACE.toMillis()),

    MONGO_URI("herald.mongo.uri", NoDefault.SECRET, "MONGODB_URI"),
    /** Computed: the database of the URI's path, else {@link MongoSettings#DEFAULT_DATABASE}. */
    MONGO_DATABASE("herald.mongo.database", NoDefault.NONE),
    MONGO_CONNECT_TIMEOUT_MS("herald.mongo.connect-timeout-ms", MongoSettings.DEFAULT_CONNECT_TIMEOUT.toMillis()),
    MONGO_SERVER_SELECTION_TIMEOUT_MS("herald.mongo.server-selection-timeout-ms",
            MongoSettings.DEFAULT_SERVER_SELECTION_TIMEOUT.toMillis()),
    MONGO_SOCKET_TIMEOUT_MS("herald.mongo.socket-timeout-ms", MongoSettings.DEFAULT_SOCKET_TIMEOUT.toMillis()),
    /** Computed: under the server's output directory. */
    MONGO_EMBEDDED_DATA_DIR("herald.mongo.embedded.data-dir", NoDefault.NONE),
    MONGO_EMBEDDED_PORT("herald.mongo.embedded.port", 0),
    /** Computed: under the server's output directory. */
    FILE_STORE_DIR("herald.file-store.dir", NoDefault.NONE),
    FILE_STORE_FSYNC("herald.file-store.fsync", "never"),
    EVENT_CACHE_MAX_EVENTS_PER_JOB("herald.event-cache.max-events-per-job", 10_000),
    EVENT_CACHE_MAX_BYTES("herald.event-cache.max-bytes", 64L << 20),

    /** Unset: no Redis, unless {@link #EVENT_BUS} asks for it ({@link RedisSettings#DEFAULT_URL} then). */
    REDIS_URL(RedisSettingsReader.URL, NoDefault.SECRET, "REDIS_URL"),
    REDIS_CONNECT_TIMEOUT_MS(RedisSettingsReader.CONNECT_TIMEOUT_MS, RedisSettings.DEFAULT_CONNECT_TIMEOUT.toMillis()),
    REDIS_SOCKET_TIMEOUT_MS(RedisSettingsReader.SOCKET_TIMEOUT_MS, RedisSettings.DEFAULT_SOCKET_TIMEOUT.toMillis()),
    REDIS_RECONNECT_INITIAL_DELAY_MS(RedisSettingsReader.RECONNECT_INITIAL_DELAY_MS,
            ReconnectBackoff.defaults().initial().toMillis()),
    REDIS_RECONNECT_MAX_DELAY_MS(RedisSettingsReader.RECONNECT_MAX_DELAY_MS, ReconnectBackoff.defaults().max().toMillis()),
    REDIS_RECONNECT_MULTIPLIER(RedisSettingsReader.RECONNECT_MULTIPLIER, ReconnectBackoff.defaults().multiplier()),
    REDIS_RECONNECT_JITTER(RedisSettingsReader.RECONNECT_JITTER, ReconnectBackoff.defaults().jitter()),
    REDIS_WATCHDOG_INTERVAL_MS(RedisSettingsReader.WATCHDOG_INTERVAL_MS,
            RedisSettings.DEFAULT_WATCHDOG_INTERVAL.toMillis()),
    REDIS_POOL_SIZE(RedisSettingsReader.POOL_SIZE, RedisSettings.DEFAULT_POOL_SIZE),

    NAMESPACES("herald.namespaces", NoDefault.NONE),
    CHANNEL_CREATES_PER_ADDRESS_PER_MIN("herald.channels.max-creates-per-address-per-min", 0,
            "MAX_ROOM_CREATES_PER_IP_PER_MIN"),
    PRESENCE_TTL_MS("herald.presence.ttl-ms", PresenceTtl.DEFAULT.toMillis()),

    ADMIN_OPEN("herald.admin.open", false),
    MAINTENANCE("herald.maintenance", false, "MAINTENANCE_MODE"),

    TASK_THREADS("herald.tasks.threads", 4);

    /** What a setting without a default value passes instead of one. */
    enum NoDefault {
        /** Unset means "not configured", or the reader computes a value. */
        NONE,
        /** As {@link #NONE}, and the value is secret: never shown in errors or logs. */
        SECRET
    }

    private final String property;
    private final String defaultValue;
    private final List<String> aliases;
    private final boolean secret;

    /**
     * @param defaultValue the value when the setting is unset, as it would be written (a number, a
     *     boolean, an ISO-8601 duration, a word), or a {@link NoDefault}
     */
    Setting(String property, Object defaultValue, String... aliases) {
        this.property = property;
        this.defaultValue = defaultValue instanceof NoDefault ? null : String.valueOf(defaultValue);
        this.aliases = List.of(aliases);
        this.secret = defaultValue == NoDefault.SECRET;
    }

    public String property() {
        return property;
    }

    /** The value used when the setting is unset, as text an operator could write; empty when there is none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The setting whose property is {@code property}, if Herald has one. */
    public static Optional<Setting> byProperty(String property) {
        return Arrays.stream(values()).filter(s -> s.property.equals(property)).findFirst();
    }

    /** The seed deployments' first environment variable for it, or null. */
    public String alias() {
        return aliases.isEmpty() ? null : aliases.get(0);
    }

    /** The seed deployments' environment variables for it, in the order they are looked at. */
    public List<String> aliases() {
        return aliases;
    }

    public boolean secret() {
        return secret;
    }
}
