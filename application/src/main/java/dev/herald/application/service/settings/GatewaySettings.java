package dev.herald.application.service.settings;

import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.client.ConnectionCaps;
import dev.herald.domain.client.ConnectionRateLimit;
import dev.herald.domain.client.IdleTimeout;
import dev.herald.domain.client.InboundRateLimit;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.client.OriginAllowList;
import dev.herald.domain.client.SubscriptionCap;
import dev.herald.domain.job.EventSizeLimit;
import dev.herald.domain.job.PublishLimits;
import dev.herald.domain.job.TerminalEventTypes;

import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's rules and tuning, as configured. Bootstrap builds it from MicroProfile Config;
 * tests from {@link #defaults()} and the {@code with...} copies.
 *
 * @param catchUpPageSize   events read from the store per catch-up or repair round trip
 * @param liveHoldLimit     live events one subscription holds while it catches up; beyond, it
 *                          drops them and reads them from the store instead
 * @param catchUpStallLimit how long a catch-up may wait for a client that does not read before
 *                          the client is cut off as a slow consumer
 * @param publishLimits     batch size and idempotency window of publishes
 * @param channelPolicy     namespaces' options per job id, and the limit on creating ephemeral channels
 */
public record GatewaySettings(ConnectionCaps connectionCaps, ConnectionRateLimit connectionRateLimit,
                              SubscriptionCap subscriptionCap, IdleTimeout idleTimeout,
                              InboundSizeLimit inboundSizeLimit, InboundRateLimit inboundRateLimit,
                              EventSizeLimit eventSizeLimit, TerminalEventTypes terminalEventTypes,
                              OriginAllowList allowedOrigins, int catchUpPageSize, int liveHoldLimit,
                              Duration catchUpStallLimit, PublishLimits publishLimits,
                              ChannelPolicy channelPolicy) {

    public GatewaySettings {
        Objects.requireNonNull(connectionCaps, "connectionCaps");
        Objects.requireNonNull(connectionRateLimit, "connectionRateLimit");
        Objects.requireNonNull(subscriptionCap, "subscriptionCap");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(inboundSizeLimit, "inboundSizeLimit");
        Objects.requireNonNull(inboundRateLimit, "inboundRateLimit");
        Objects.requireNonNull(eventSizeLimit, "eventSizeLimit");
        Objects.requireNonNull(terminalEventTypes, "terminalEventTypes");
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        Objects.requireNonNull(catchUpStallLimit, "catchUpStallLimit");
        Objects.requireNonNull(publishLimits, "publishLimits");
        Objects.requireNonNull(channelPolicy, "channelPolicy");
        if (catchUpPageSize < 1) {
            throw new IllegalArgumentException("catchUpPageSize must be positive");
        }
        if (liveHoldLimit < 1) {
            throw new IllegalArgumentException("liveHoldLimit must be positive");
        }
    }

    /** The documented defaults (the seed deployments' guardrails). */
    public static GatewaySettings defaults() {
        return new GatewaySettings(new ConnectionCaps(500, 0, 0), ConnectionRateLimit.unlimited(), new SubscriptionCap(5),
                IdleTimeout.ofMillis(300_000),
                new InboundSizeLimit(InboundSizeLimit.DEFAULT_MAX_BYTES), InboundRateLimit.defaults(),
                EventSizeLimit.defaults(), TerminalEventTypes.defaults(), OriginAllowList.anyOrigin(), 500, 1_000,
                Duration.ofSeconds(30), PublishLimits.defaults(), ChannelPolicy.v1());
    }

    public GatewaySettings withChannelPolicy(ChannelPolicy policy) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit,
                inboundRateLimit, eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit,
                catchUpStallLimit, publishLimits, policy);
    }

    public GatewaySettings withConnectionCaps(ConnectionCaps caps) {
        return new GatewaySettings(caps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withConnectionRateLimit(ConnectionRateLimit limit) {
        return new GatewaySettings(connectionCaps, limit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withSubscriptionCap(SubscriptionCap cap) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, cap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withIdleTimeout(IdleTimeout timeout) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, timeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withInboundLimits(InboundSizeLimit size, InboundRateLimit rate) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, size, rate,
                eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withEventSizeLimit(EventSizeLimit limit) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                limit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withTerminalEventTypes(TerminalEventTypes types) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, types, allowedOrigins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withAllowedOrigins(OriginAllowList origins) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, origins, catchUpPageSize, liveHoldLimit, catchUpStallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withCatchUp(int pageSize, int holdLimit, Duration stallLimit) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit, inboundRateLimit,
                eventSizeLimit, terminalEventTypes, allowedOrigins, pageSize, holdLimit, stallLimit, publishLimits, channelPolicy);
    }

    public GatewaySettings withPublishLimits(PublishLimits limits) {
        return new GatewaySettings(connectionCaps, connectionRateLimit, subscriptionCap, idleTimeout, inboundSizeLimit,
                inboundRateLimit, eventSizeLimit, terminalEventTypes, allowedOrigins, catchUpPageSize, liveHoldLimit,
                catchUpStallLimit, limits, channelPolicy);
    }
}
