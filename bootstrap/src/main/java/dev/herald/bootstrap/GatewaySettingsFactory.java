package dev.herald.bootstrap;

import dev.herald.adapter.websocket.connection.Heartbeat;
import dev.herald.adapter.websocket.upgrade.CompressionSettings;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.domain.channel.ChannelCreationLimit;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.client.ConnectionCaps;
import dev.herald.domain.client.ConnectionRateLimit;
import dev.herald.domain.client.IdleTimeout;
import dev.herald.domain.client.InboundRateLimit;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.client.OriginAllowList;
import dev.herald.domain.client.OutboundBacklogLimit;
import dev.herald.domain.client.SubscriptionCap;

import java.time.Duration;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.PublishLimits;
import dev.herald.domain.job.TerminalEventTypes;

/** The gateway's rules from configuration; the defaults are {@link Setting}'s. */
public final class GatewaySettingsFactory {

    /** A batch is held in memory whole, parsed, and stored in one record or document (MongoDB's limit is 16 MiB). */
    static final int MAX_BATCH_BODY_BYTES = 12 << 20;

    /** The inbound rate window by default, and the one the seed relay's per-10-s budgets assume. */
    static final Duration SEED_RATE_WINDOW = Duration.ofSeconds(10);

    private GatewaySettingsFactory() {
    }

    public static GatewaySettings from(HeraldConfig config) {
        ConnectionCaps caps = new ConnectionCaps(
                config.integer(Setting.MAX_CONNECTIONS, 0),
                config.integer(Setting.MAX_CONNECTIONS_PER_ORIGIN, 0),
                config.integer(Setting.MAX_CONNECTIONS_PER_ADDRESS, 0));
        InboundRateLimit rate = new InboundRateLimit(
                config.integer(Setting.RATE_MAX_MESSAGES, 0),
                config.number(Setting.RATE_MAX_BYTES, 0),
                config.millis(Setting.RATE_WINDOW_MS, 1));
        requireSeedWindow(config, rate, Setting.RATE_MAX_MESSAGES);
        requireSeedWindow(config, rate, Setting.RATE_MAX_BYTES);
        ConnectionRateLimit connectionRate = new ConnectionRateLimit(
                config.integer(Setting.CONNECTION_RATE_MAX_PER_ADDRESS, 0),
                config.millis(Setting.CONNECTION_RATE_WINDOW_MS, 1));
        return new GatewaySettings(caps, connectionRate,
                new SubscriptionCap(config.integer(Setting.MAX_SUBSCRIPTIONS_PER_CLIENT, 0)),
                new IdleTimeout(config.millis(Setting.IDLE_TIMEOUT_MS, 0)),
                new InboundSizeLimit(config.integer(Setting.MAX_FRAME_BYTES, 64)),
                rate,
                new EventSizeLimit(config.integer(Setting.EVENT_MAX_BYTES, 64)),
                HeraldConfig.building("herald.job.terminal-types.* (three distinct event types)",
                        () -> TerminalEventTypes.of(config.text(Setting.TERMINAL_COMPLETED),
                                config.text(Setting.TERMINAL_FAILED),
                                config.text(Setting.TERMINAL_CANCELLED))),
                OriginAllowList.of(config.list(Setting.ALLOWED_ORIGINS)),
                config.integer(Setting.CATCH_UP_PAGE_SIZE, 1),
                config.integer(Setting.CATCH_UP_HOLD_LIMIT, 1),
                config.millis(Setting.CATCH_UP_STALL_TIMEOUT_MS, 1),
                new PublishLimits(
                        config.integerBetween(Setting.PUBLISH_MAX_BATCH, 1,
                                PublishLimits.DEFAULT_MAX_BATCH_EVENTS),
                        config.integerBetween(Setting.PUBLISH_MAX_BATCH_BYTES, 1024,
                                MAX_BATCH_BODY_BYTES),
                        config.duration(Setting.PUBLISH_IDEMPOTENCY_WINDOW,
                                Duration.ofMinutes(1))),
                channelPolicy(config));
    }

    /** The namespaces and the limit on creating ephemeral channels. */
    static ChannelPolicy channelPolicy(HeraldConfig config) {
        return ChannelPolicy.of(NamespaceSettings.from(config), ChannelCreationLimit.perMinute(
                config.integer(Setting.CHANNEL_CREATES_PER_ADDRESS_PER_MIN, 0)));
    }

    /**
     * The seed relay's {@code MAX_MSGS_PER_10S} and {@code MAX_BYTES_PER_10S} are budgets per 10 s,
     * which is Herald's default rate window: they mean what they say only with that window.
     */
    private static void requireSeedWindow(HeraldConfig config, InboundRateLimit rate, Setting budget) {
        boolean seedName = config.source(budget).filter(name -> !name.equals(budget.property())).isPresent();
        if (seedName && !rate.window().equals(SEED_RATE_WINDOW)) {
            throw new IllegalStateException("Invalid configuration: " + config.source(budget).get()
                    + " counts per 10 s, but " + Setting.RATE_WINDOW_MS.property() + " is " + rate.window().toMillis()
                    + " ms; set " + budget.property() + " for that window instead");
        }
    }

    /** Server pings: every ping interval (0 turns them off), and a pong within the pong timeout. */
    public static Heartbeat.Settings heartbeats(HeraldConfig config) {
        return new Heartbeat.Settings(config.millis(Setting.PING_INTERVAL_MS, 0),
                config.millis(Setting.PONG_TIMEOUT_MS, 1));
    }

    /** permessage-deflate on the servlet-upgrade transport: off by default, for frames over 1 KiB. */
    public static CompressionSettings compression(HeraldConfig config) {
        return new CompressionSettings(config.flag(Setting.COMPRESSION),
                config.integer(Setting.COMPRESSION_THRESHOLD_BYTES, 0));
    }

    public static OutboundBacklogLimit backlogLimit(HeraldConfig config) {
        return new OutboundBacklogLimit(config.integer(Setting.BACKLOG_MAX_MESSAGES, 0),
                config.number(Setting.BACKLOG_MAX_BYTES, 0));
    }
}
