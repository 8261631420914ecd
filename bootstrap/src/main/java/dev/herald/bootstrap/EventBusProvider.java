package dev.herald.bootstrap;

import dev.herald.adapter.memory.InProcessEventBus;
import dev.herald.adapter.redis.RedisEventBus;
import dev.herald.adapter.redis.RedisHealthCheck;
import dev.herald.adapter.redis.RedisSettings;
import dev.herald.adapter.redis.RedisSettingsReader;
import dev.herald.application.port.out.EventBus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the event bus chosen by {@code herald.event-bus}: Redis pub/sub when a Redis URL is set
 * ({@code auto}) or asked for, else the in-process bus of a single node.
 */
final class EventBusProvider implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventBusProvider.class.getName());

    enum Kind { AUTO, REDIS, MEMORY }

    private final EventBus bus;
    private final HealthCheck health;
    private final String description;
    private RedisEventBus redis;
    private RedisSettings redisSettings;
    private ExecutorService dispatcher;

    EventBusProvider(HeraldConfig config) {
        Kind kind = config.choice(Setting.EVENT_BUS, Kind.class);
        Optional<String> url = config.string(Setting.REDIS_URL);
        if (kind == Kind.REDIS || (kind == Kind.AUTO && url.isPresent())) {
            RedisSettings settings = HeraldConfig.building("herald.redis.* (REDIS_URL)",
                    () -> RedisSettingsReader.read(key -> Setting.byProperty(key).flatMap(config::string)));
            redisSettings = settings;
            redis = RedisEventBus.start(settings, ExecutorTaskScheduler.daemonThreads("herald-redis"));
            bus = redis;
            health = new RedisHealthCheck(redis);
            description = "Redis pub/sub at " + redis.brokerAddress();
        } else {
            dispatcher = Executors.newSingleThreadExecutor(ExecutorTaskScheduler.daemonThreads("herald-bus"));
            bus = new InProcessEventBus(dispatcher);
            health = () -> HealthCheckResponse.named(RedisHealthCheck.NAME).up()
                    .withData("bus", "in-process").withData("connected", true).build();
            description = "in-process (single node)";
        }
        LOG.log(System.Logger.Level.INFO, "Event bus: " + description);
    }

    EventBus bus() {
        return bus;
    }

    /** The Redis the bus runs on, when it does: presence shares it. */
    /** The Redis bus, when that is the one chosen (the cluster's controls listen on its connection). */
    Optional<RedisEventBus> redisBus() {
        return Optional.ofNullable(redis);
    }

    Optional<RedisSettings> redisSettings() {
        return Optional.ofNullable(redisSettings);
    }

    HealthCheck health() {
        return health;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (dispatcher != null) {
            dispatcher.shutdownNow();
        }
    }
}
