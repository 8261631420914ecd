package dev.herald.bootstrap;

import dev.herald.adapter.redis.RedisClusterControl;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.service.HeraldCore;
import dev.herald.application.service.settings.OperatorSettings;

/**
 * The operator's controls go with the event bus: in Redis beside a Redis bus (shared by every
 * instance on it), else this instance's alone. Revocations are kept by the event store.
 */
final class ClusterControlProvider implements AutoCloseable {

    private final HeraldCore.Operations operations;
    private final String description;
    private RedisClusterControl redis;

    ClusterControlProvider(OperatorSettings settings, EventBusProvider bus, RevocationStore revocations) {
        if (bus.redisBus().isPresent() && bus.redisSettings().isPresent()) {
            redis = RedisClusterControl.start(bus.redisSettings().get(), bus.redisBus().get());
            operations = new HeraldCore.Operations(settings, redis, revocations);
            description = "shared through Redis";
        } else {
            operations = HeraldCore.Operations.standalone(settings, revocations);
            description = "this instance only (in-process bus)";
        }
    }

    HeraldCore.Operations operations() {
        return operations;
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
