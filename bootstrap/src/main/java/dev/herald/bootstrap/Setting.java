package dev.herald.bootstrap;

import java.util.List;

/**
 * Every setting Herald reads: its property name, the seed deployments' environment variables when
 * there are some (the property wins, then the aliases in the order given), and whether its value is
 * secret (never shown in errors or logs). The options of each namespace ({@code herald.namespace.N.*})
 * have names made from the namespace's: {@link NamespaceSettings} reads them.
 * docs/configuration.md lists the same table with defaults and meanings.
 */
public enum Setting {
    EVENT_STORE("herald.event-store", null),
    EVENT_BUS("herald.event-bus", null),

    MAX_CONNECTIONS("herald.socket.max-connections", "SOCKET_MAX_CONNECTIONS", "MAX_TOTAL_CONNECTIONS"),
    MAX_CONNECTIONS_PER_ORIGIN("herald.socket.max-connections-per-origin", "SOCKET_MAX_CONNECTIONS_PER_ORIGIN"),
    MAX_CONNECTIONS_PER_ADDRESS("herald.socket.max-connections-per-address", "MAX_CONNS_PER_IP"),
    CONNECTION_RATE_MAX_PER_ADDRESS("herald.socket.connection-rate.max-per-address", null),
    CONNECTION_RATE_WINDOW_MS("herald.socket.connection-rate.window-ms", null),
    MAX_SUBSCRIPTIONS_PER_CLIENT("herald.socket.max-subscriptions-per-client", "SOCKET_MAX_SUBSCRIPTIONS_PER_CLIENT"),
    IDLE_TIMEOUT_MS("herald.socket.idle-timeout-ms", "SOCKET_IDLE_TIMEOUT_MS"),
    MAX_FRAME_BYTES("herald.socket.max-frame-bytes", null),
    /** The seed relay's aliases count per 10 s: {@link GatewaySettingsFactory} holds them to that window. */
    RATE_MAX_MESSAGES("herald.socket.rate.max-messages", "MAX_MSGS_PER_10S"),
    RATE_MAX_BYTES("herald.socket.rate.max-bytes", "MAX_BYTES_PER_10S"),
    RATE_WINDOW_MS("herald.socket.rate.window-ms", null),
    BACKLOG_MAX_MESSAGES("herald.socket.backlog.max-messages", null),
    BACKLOG_MAX_BYTES("herald.socket.backlog.max-bytes", null),
    TRUSTED_PROXIES("herald.socket.trusted-proxies", null),
    TRANSPORT("herald.socket.transport", null),
    WRITER_THREADS("herald.socket.writer-threads", null),
    WRITER_MAX_THREADS("herald.socket.writer-max-threads", null),
    WRITE_TIMEOUT_MS("herald.socket.write-timeout-ms", null),
    PING_INTERVAL_MS("herald.socket.ping-interval-ms", "WS_PING_INTERVAL_MS"),
    PONG_TIMEOUT_MS("herald.socket.pong-timeout-ms", "WS_PING_TIMEOUT_MS"),
    COMPRESSION("herald.socket.compression", null),
    COMPRESSION_THRESHOLD_BYTES("herald.socket.compression-threshold-bytes", null),
    ALLOWED_ORIGINS("herald.allowed-origins", null),
    SSE_HEARTBEAT_MS("herald.sse.heartbeat-ms", null),

    EVENT_MAX_BYTES("herald.event.max-bytes", null),
    PUBLISH_MAX_BATCH("herald.publish.max-batch", null),
    PUBLISH_MAX_BATCH_BYTES("herald.publish.max-batch-bytes", null),
    PUBLISH_IDEMPOTENCY_WINDOW("herald.publish.idempotency-window", null),
    TERMINAL_COMPLETED("herald.job.terminal-types.completed", null),
    TERMINAL_FAILED("herald.job.terminal-types.failed", null),
    TERMINAL_CANCELLED("herald.job.terminal-types.cancelled", null),

    CATCH_UP_PAGE_SIZE("herald.catch-up.page-size", null),
    CATCH_UP_HOLD_LIMIT("herald.catch-up.hold-limit", null),
    CATCH_UP_STALL_TIMEOUT_MS("herald.catch-up.stall-timeout-ms", null),
    RECONCILE_INTERVAL_MS("herald.reconcile.interval-ms", null),
    DRAIN_GRACE_MS("herald.drain.grace-ms", null),
    RETENTION_MAX_AGE("herald.retention.max-age", null),
    RETENTION_MAX_EVENTS_PER_JOB("herald.retention.max-events-per-job", null),
    RETENTION_SWEEP_INTERVAL_MS("herald.retention.sweep-interval-ms", null),
    RETENTION_BATCH_SIZE("herald.retention.batch-size", null),
    RETENTION_BATCH_PAUSE_MS("herald.retention.batch-pause-ms", null),

    AUTH_SECRET("herald.auth.secret", "REALTIME_SHARED_SECRET", true),
    AUTH_PREVIOUS_SECRET("herald.auth.previous-secret", null, true),
    AUTH_CLOCK_SKEW_SECONDS("herald.auth.clock-skew-seconds", null),
    AUTH_EXPIRY_GRACE_MS("herald.auth.expiry-grace-ms", null),

    MONGO_URI("herald.mongo.uri", "MONGODB_URI", true),
    MONGO_DATABASE("herald.mongo.database", null),
    MONGO_CONNECT_TIMEOUT_MS("herald.mongo.connect-timeout-ms", null),
    MONGO_SERVER_SELECTION_TIMEOUT_MS("herald.mongo.server-selection-timeout-ms", null),
    MONGO_SOCKET_TIMEOUT_MS("herald.mongo.socket-timeout-ms", null),
    MONGO_EMBEDDED_DATA_DIR("herald.mongo.embedded.data-dir", null),
    MONGO_EMBEDDED_PORT("herald.mongo.embedded.port", null),
    FILE_STORE_DIR("herald.file-store.dir", null),
    FILE_STORE_FSYNC("herald.file-store.fsync", null),
    EVENT_CACHE_MAX_EVENTS_PER_JOB("herald.event-cache.max-events-per-job", null),
    EVENT_CACHE_MAX_BYTES("herald.event-cache.max-bytes", null),

    /** The other herald.redis.* settings are read by the Redis adapter's RedisSettingsReader. */
    REDIS_URL("herald.redis.url", "REDIS_URL", true),

    NAMESPACES("herald.namespaces", null),
    CHANNEL_CREATES_PER_ADDRESS_PER_MIN("herald.channels.max-creates-per-address-per-min",
            "MAX_ROOM_CREATES_PER_IP_PER_MIN"),
    PRESENCE_TTL_MS("herald.presence.ttl-ms", null),

    ADMIN_OPEN("herald.admin.open", null),
    MAINTENANCE("herald.maintenance", "MAINTENANCE_MODE"),

    TASK_THREADS("herald.tasks.threads", null);

    private final String property;
    private final List<String> aliases;
    private final boolean secret;

    Setting(String property, String alias) {
        this(property, alias, false);
    }

    Setting(String property, String alias, boolean secret) {
        this(property, secret, alias == null ? List.of() : List.of(alias));
    }

    Setting(String property, String alias, String secondAlias) {
        this(property, false, List.of(alias, secondAlias));
    }

    Setting(String property, boolean secret, List<String> aliases) {
        this.property = property;
        this.aliases = aliases;
        this.secret = secret;
    }

    public String property() {
        return property;
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
