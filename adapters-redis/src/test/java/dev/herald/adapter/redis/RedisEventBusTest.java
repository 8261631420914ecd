package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The EventBus contract against a real redis-server, with a second bus as another gateway instance. */
class RedisEventBusTest extends EventBusContract {

    private static RedisServer redis;

    private RedisEventBus bus;
    private RedisEventBus peer;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected EventBus bus() {
        if (bus == null) {
            bus = RedisEventBus.start(TestSettings.fast(redis.url()));
        }
        return bus;
    }

    @Override
    protected EventBus peerBus() {
        if (peer == null) {
            peer = RedisEventBus.start(TestSettings.fast(redis.url()));
        }
        return peer;
    }

    @AfterEach
    void closeBuses() {
        if (bus != null) {
            bus.close();
        }
        if (peer != null) {
            peer.close();
        }
    }
}
