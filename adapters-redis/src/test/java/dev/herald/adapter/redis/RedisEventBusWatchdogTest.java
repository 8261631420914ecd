package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.FreezableTcpProxy;
import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A half-open broker: the bus talks to Redis through a proxy that can stop forwarding without
 * closing anything, which is what a vanished host or a dropped flow looks like to the client.
 */
class RedisEventBusWatchdogTest {

    private RedisServer redis;
    private FreezableTcpProxy proxy;
    private RedisEventBus bus;
    private RedisEventBus direct;

    @BeforeEach
    void start() {
        redis = RedisServer.startOnFreePort();
        proxy = FreezableTcpProxy.to(redis.port());
        bus = RedisEventBus.start(TestSettings.fast(proxy.url()));
        direct = RedisEventBus.start(TestSettings.fast(redis.url()));
    }

    @AfterEach
    void stop() {
        bus.close();
        direct.close();
        proxy.close();
        redis.close();
    }

    private static JobEvent event(JobId job, long seq) {
        return new JobEvent(job, seq, EventType.of("test.step"), Instant.parse("2026-01-01T00:00:00Z"), "{}");
    }

    @Test
    void aHealthyConnectionAnswersTheWatchdogAndIsKept() throws InterruptedException {
        // ping every 250 ms: a few rounds, through the proxy and directly
        Thread.sleep(1_200);
        for (RedisEventBus each : List.of(bus, direct)) {
            assertThat(each.state().connected()).isTrue();
            assertThat(each.state().reconnectAttempts()).isZero();
            assertThat(each.state().lastError()).isEmpty();
        }
    }

    @Test
    void aHalfOpenSubscriberConnectionIsDetectedAndReplaced() {
        JobId job = JobId.of("job-" + UUID.randomUUID());
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        List<String> reconnects = new CopyOnWriteArrayList<>();
        bus.addReconnectListener(() -> reconnects.add("reconnected"));
        bus.subscribe(job, received::add);
        direct.publish(event(job, 1));
        Eventually.await("event through the proxy", () -> received.size() == 1);

        proxy.freeze();
        // watchdog: ping every 250 ms, PONG due within 500 ms
        Eventually.await("the watchdog notices", Duration.ofSeconds(5), () -> !bus.state().connected());
        assertThat(bus.state().lastError()).hasValueSatisfying(error -> assertThat(error).contains("PONG"));
        direct.publish(event(job, 2));

        proxy.thaw();
        Eventually.await("reconnected", Duration.ofSeconds(10), () -> bus.state().connected());
        assertThat(bus.state().reconnects()).isEqualTo(1);
        Eventually.await("reconnect listener", () -> reconnects.size() == 1);
        direct.publish(event(job, 3));
        Eventually.await("event after the reconnect", () -> received.stream().anyMatch(e -> e.seq() == 3));
    }

    @Test
    void publishingToAFrozenBrokerFailsWithinTheTimeoutsInsteadOfHanging() {
        JobId job = JobId.of("job-" + UUID.randomUUID());
        bus.publish(event(job, 1));
        proxy.freeze();

        long started = System.nanoTime();
        assertThatThrownBy(() -> bus.publish(event(job, 2))).isInstanceOf(EventBusUnavailableException.class);
        // a stale-connection retry at most: connect (500 ms) plus three socket timeouts (500 ms)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(bus.publishFailures()).isEqualTo(1);
    }

    @Test
    void aSubscribeThatTheBrokerDoesNotConfirmReturnsAfterTheSocketTimeout() {
        proxy.freeze();
        long started = System.nanoTime();
        bus.subscribe(JobId.of("job-" + UUID.randomUUID()), event -> { });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
}
