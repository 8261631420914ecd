package dev.herald.adapter.redis;

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

/** Broker crashes and restarts on the same port: the bus reports it, fails fast, recovers and resubscribes. */
class RedisEventBusOutageTest {

    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private RedisServer redis;
    private RedisEventBus bus;
    private RedisEventBus peer;

    @BeforeEach
    void start() {
        redis = RedisServer.startOnFreePort();
        bus = RedisEventBus.start(TestSettings.fast(redis.url()));
        peer = RedisEventBus.start(TestSettings.fast(redis.url()));
    }

    @AfterEach
    void stop() {
        bus.close();
        peer.close();
        redis.close();
    }

    private static JobId newJob() {
        return JobId.of("job-" + UUID.randomUUID());
    }

    private static JobEvent event(JobId job, long seq) {
        return new JobEvent(job, seq, EventType.of("test.step"), Instant.parse("2026-01-01T00:00:00Z"), "{\"seq\":" + seq + "}");
    }

    private void awaitBothConnected() {
        Eventually.await("both buses connected", RECOVERY, () -> bus.state().connected() && peer.state().connected());
    }

    @Test
    void afterTheBrokerIsKilledAndRestartedListenersReceiveAgainAndReconciliationRunsAfterResubscribing() {
        JobId job = newJob();
        String channel = "herald:job:" + job;
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(job, received::add);
        List<Long> subscribersSeenByReconnectListener = new CopyOnWriteArrayList<>();
        bus.addReconnectListener(() -> subscribersSeenByReconnectListener.add(RedisCli.on(redis.port()).subscribers(channel)));
        peer.publish(event(job, 1));
        Eventually.await("event before the outage", () -> received.size() == 1);
        assertThat(bus.state().reconnects()).isZero();

        redis.kill();
        Eventually.await("the bus notices the outage", RECOVERY, () -> !bus.state().connected());
        assertThat(bus.state().lastError()).isPresent();
        assertThat(subscribersSeenByReconnectListener).isEmpty();

        redis.start();
        awaitBothConnected();
        Eventually.await("the reconnect listener", RECOVERY, () -> !subscribersSeenByReconnectListener.isEmpty());
        // the listener ran once Redis had confirmed the resubscription of the job's channel
        assertThat(subscribersSeenByReconnectListener).containsExactly(1L);
        assertThat(bus.state().reconnects()).isEqualTo(1);
        assertThat(bus.state().reconnectAttempts()).isGreaterThanOrEqualTo(1);

        peer.publish(event(job, 2));
        Eventually.await("event after the outage", () -> received.size() == 2);
        assertThat(received).extracting(JobEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void publishingWhileTheBrokerIsDownFailsFastAndIsCounted() {
        JobId job = newJob();
        bus.publish(event(job, 1));
        redis.kill();

        long started = System.nanoTime();
        assertThatThrownBy(() -> bus.publish(event(job, 2)))
                .isInstanceOf(EventBusUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + redis.port());
        assertThatThrownBy(() -> bus.publish(event(job, 3))).isInstanceOf(EventBusUnavailableException.class);
        // connection refused: well under the 500 ms connect timeout of the test settings
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(bus.publishFailures()).isEqualTo(2);

        assertThatThrownBy(() -> bus.publishAll(List.of(event(job, 4), event(job, 5), event(job, 6))))
                .isInstanceOf(EventBusUnavailableException.class);
        assertThat(bus.publishFailures()).as("each event of the batch").isEqualTo(5);
    }

    @Test
    void aBatchAfterARestartIsPublishedDespiteDeadPooledConnections() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(job, received::add);
        peer.publishAll(List.of(event(job, 1), event(job, 2)));
        Eventually.await("first batch", () -> received.size() == 2);

        redis.kill();
        redis.start();
        awaitBothConnected();

        peer.publishAll(List.of(event(job, 3), event(job, 4), event(job, 5)));
        Eventually.await("the batch, on a fresh connection", RECOVERY, () -> received.size() >= 5);
        assertThat(received).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(peer.publishFailures()).isZero();
    }

    @Test
    void theFirstPublishAfterARestartSucceedsDespiteDeadPooledConnections() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(job, received::add);
        peer.publish(event(job, 1));
        Eventually.await("first event", () -> received.size() == 1);

        redis.kill();
        redis.start();
        awaitBothConnected();

        peer.publish(event(job, 2));
        Eventually.await("event published on a fresh connection", RECOVERY, () -> received.size() == 2);
        assertThat(peer.publishFailures()).isZero();
    }

    @Test
    void aSubscriptionMadeWhileDisconnectedReturnsAtOnceAndTakesEffectOnReconnect() {
        redis.kill();
        Eventually.await("disconnected", RECOVERY, () -> !bus.state().connected());
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        List<String> order = new CopyOnWriteArrayList<>();
        bus.addReconnectListener(() -> order.add("reconnected"));

        long started = System.nanoTime();
        bus.subscribe(job, received::add);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));

        redis.start();
        awaitBothConnected();
        Eventually.await("reconnect listener", RECOVERY, () -> order.contains("reconnected"));
        peer.publish(event(job, 1));
        Eventually.await("the event", () -> received.size() == 1);
    }

    @Test
    void aBusStartedWhileTheBrokerIsDownConnectsWhenItComesUp() {
        redis.kill();
        long started = System.nanoTime();
        try (RedisEventBus late = RedisEventBus.start(TestSettings.fast(redis.url()))) {
            // start waits for the first attempt only, which a refused connection ends at once
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(late.state().connected()).isFalse();
            assertThat(late.state().lastError()).isPresent();
            List<String> reconnects = new CopyOnWriteArrayList<>();
            late.addReconnectListener(() -> reconnects.add("reconnected"));
            JobId job = newJob();
            List<JobEvent> received = new CopyOnWriteArrayList<>();
            late.subscribe(job, received::add);

            redis.start();
            Eventually.await("connected", RECOVERY, () -> late.state().connected());
            // a subscription may have been made while down: the application must reconcile
            Eventually.await("reconnect listener", RECOVERY, () -> reconnects.size() == 1);
            late.publish(event(job, 1));
            Eventually.await("the event", () -> received.size() == 1);
        }
    }

    @Test
    void theHealthCheckStaysUpThroughAnOutageAndShowsIt() {
        RedisHealthCheck health = new RedisHealthCheck(bus);
        assertThat(health.call().getStatus()).hasToString("UP");
        assertThat(health.call().getData().orElseThrow()).containsEntry("connected", true);

        redis.kill();
        Eventually.await("disconnected", RECOVERY, () -> !bus.state().connected());
        var down = health.call();
        assertThat(down.getName()).isEqualTo("event-bus");
        assertThat(down.getStatus()).hasToString("UP");
        assertThat(down.getData().orElseThrow())
                .containsEntry("connected", false)
                .containsEntry("broker", "127.0.0.1:" + redis.port())
                .containsKeys("reconnects", "reconnectAttempts", "lastError", "publishFailures", "malformedMessages");
        assertThat(down.getData().orElseThrow().get("lastError")).isNotEqualTo("none");

        redis.start();
        Eventually.await("reconnected", RECOVERY, () -> bus.state().connected());
        assertThat(health.call().getData().orElseThrow()).containsEntry("connected", true).containsEntry("reconnects", 1L);
    }
}
