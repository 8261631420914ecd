package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.FreezableTcpProxy;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** close(): stops every thread and connection, promptly, whatever state the bus is in; idempotent. */
class RedisEventBusLifecycleTest {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory recording = runnable -> {
        Thread thread = new Thread(runnable, "test-redis-bus-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    };

    @Test
    void closeStopsTheThreadsAndConnectionsAndCanBeRepeated() {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            RedisEventBus bus = RedisEventBus.start(TestSettings.fast(redis.url()), recording);
            bus.subscribe(JobId.of("job-1"), e -> { });
            bus.publish(new dev.herald.domain.job.JobEvent(JobId.of("job-1"), 1,
                    dev.herald.domain.job.EventType.of("t"), java.time.Instant.EPOCH, "{}"));
            Eventually.await("the watchdog thread started", () -> threads.size() == 2);

            bus.close();
            bus.close();

            Eventually.await("threads ended", Duration.ofSeconds(3), () -> threads.stream().noneMatch(Thread::isAlive));
            Eventually.await("connections closed", Duration.ofSeconds(3),
                    () -> !RedisCli.on(redis.port()).clientList().contains("name=herald-"));
            assertThat(bus.state().connected()).isFalse();
            assertThat(bus.state().lastError()).isEmpty();
        }
    }

    @Test
    void closeDuringABackoffWaitReturnsAtOnce() {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            RedisEventBus bus = RedisEventBus.start(TestSettings.fast(redis.url())
                    .withBackoff(new ReconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 2.0, 0.0)), recording);
            redis.kill();
            Eventually.await("disconnected", () -> !bus.state().connected());

            long started = System.nanoTime();
            bus.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            Eventually.await("threads ended", Duration.ofSeconds(3), () -> threads.stream().noneMatch(Thread::isAlive));
        }
    }

    @Test
    void closeWhileConnectingToAFrozenBrokerIsBoundedByTheTimeouts() {
        try (RedisServer redis = RedisServer.startOnFreePort(); FreezableTcpProxy proxy = FreezableTcpProxy.to(redis.port())) {
            proxy.freeze();
            RedisEventBus bus = RedisEventBus.start(TestSettings.fast(proxy.url()), recording);

            long started = System.nanoTime();
            bus.close();
            // connect (500 ms) + socket (500 ms) + 1 s is the most close() waits for the subscriber thread
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_200));
            Eventually.await("threads ended", Duration.ofSeconds(3), () -> threads.stream().noneMatch(Thread::isAlive));
        }
    }
}
