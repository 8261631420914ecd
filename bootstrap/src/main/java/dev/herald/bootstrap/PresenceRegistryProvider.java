package dev.herald.bootstrap;

import dev.herald.adapter.memory.InMemoryPresenceRegistry;
import dev.herald.adapter.redis.RedisPresenceRegistry;
import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.service.HeraldCore;
import dev.herald.domain.presence.PresenceTtl;

import java.time.Clock;

/**
 * Builds the presence registry that goes with the event bus: in Redis beside a Redis bus (shared by
 * every instance on it), else in memory (a single node). Its TTL is {@code herald.presence.ttl-ms}:
 * how long the members of an instance that stopped renewing still count.
 */
final class PresenceRegistryProvider implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PresenceRegistryProvider.class.getName());

    private final PresenceTtl ttl;
    private final PresenceRegistry registry;
    private final String description;
    private RedisPresenceRegistry redis;

    PresenceRegistryProvider(HeraldConfig config, EventBusProvider bus, Clock clock) {
        long ttlMillis = config.millis(Setting.PRESENCE_TTL_MS, 300).toMillis();
        this.ttl = PresenceTtl.ofMillis(ttlMillis);
        if (bus.redisSettings().isPresent()) {
            redis = RedisPresenceRegistry.start(bus.redisSettings().get(), clock, ttl);
            registry = redis;
            description = "Redis at " + redis.address();
        } else {
            registry = new InMemoryPresenceRegistry(clock, ttl);
            description = "in memory (single node)";
        }
        LOG.log(System.Logger.Level.INFO, "Presence: " + description + ", TTL " + ttlMillis + " ms (refreshed every "
                + ttl.refreshInterval().toMillis() + " ms)");
    }

    HeraldCore.Presence presence() {
        return new HeraldCore.Presence(registry, ttl);
    }

    PresenceTtl ttl() {
        return ttl;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
