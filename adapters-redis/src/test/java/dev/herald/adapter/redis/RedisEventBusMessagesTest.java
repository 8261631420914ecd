package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What the contract does not cover: the channel layout, malformed input, failing listeners, concurrency. */
class RedisEventBusMessagesTest {

    private static RedisServer redis;
    private RedisEventBus bus;
    private RedisCli cli;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startBus() {
        bus = RedisEventBus.start(TestSettings.fast(redis.url()));
        cli = RedisCli.on(redis.port());
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    private static JobId newJob() {
        return JobId.of("job-" + UUID.randomUUID());
    }

    private static JobEvent event(JobId job, long seq) {
        return new JobEvent(job, seq, EventType.of("test.step"), Instant.parse("2026-01-01T00:00:00Z"), "{\"n\":" + seq + "}");
    }

    private static String channel(JobId job) {
        return "herald:job:" + job;
    }

    @Test
    void aJobChannelIsSubscribedWhileTheJobHasListenersAndUnsubscribedAfterTheLastCancels() {
        JobId job = newJob();
        BusSubscription first = bus.subscribe(job, e -> { });
        // subscribe returned after Redis confirmed: no waiting needed
        assertThat(cli.subscribers(channel(job))).isEqualTo(1);
        BusSubscription second = bus.subscribe(job, e -> { });
        assertThat(cli.subscribers(channel(job))).isEqualTo(1);
        assertThat(bus.subscribedJobs()).isEqualTo(1);

        first.cancel();
        assertThat(cli.subscribers(channel(job))).isEqualTo(1);
        second.cancel();
        Eventually.await("channel released", () -> cli.subscribers(channel(job)) == 0);
        assertThat(bus.subscribedJobs()).isZero();
    }

    @Test
    void cancellingTwiceLeavesAnotherRegistrationOfTheSameListenerAlone() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        Consumer<JobEvent> listener = received::add;
        BusSubscription once = bus.subscribe(job, listener);
        bus.subscribe(job, listener);
        once.cancel();
        once.cancel();

        bus.publish(event(job, 1));
        Eventually.await("the event", () -> received.size() == 1);
        assertThat(cli.subscribers(channel(job))).isEqualTo(1);
    }

    @Test
    void malformedMessagesAreCountedAndSkippedWithoutHarmingDelivery() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(job, received::add);

        cli.publish(channel(job), "garbage".getBytes(StandardCharsets.UTF_8));
        cli.publish(channel(job), ("H1 another-job 1 t 2026-01-01T00:00:00Z\n{}").getBytes(StandardCharsets.UTF_8));
        cli.publish(channel(job), ("H1 " + job + " 1 t 2026-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8).length > 0
                ? withInvalidUtf8(job) : new byte[0]);
        cli.publish(channel(job), new byte[0]);
        bus.publish(event(job, 1));

        // per-channel order: once the valid event is here, the four bad ones have been handled
        Eventually.await("the valid event", () -> received.size() == 1);
        assertThat(received).containsExactly(event(job, 1));
        assertThat(bus.malformedMessages()).isEqualTo(4);
        assertThat(bus.state().connected()).isTrue();
    }

    private static byte[] withInvalidUtf8(JobId job) {
        byte[] header = ("H1 " + job + " 1 t 2026-01-01T00:00:00Z\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[header.length + 1];
        System.arraycopy(header, 0, message, 0, header.length);
        message[header.length] = (byte) 0xFF;
        return message;
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheSubscriber() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(job, e -> {
            throw new IllegalStateException("listener bug (expected in this test)");
        });
        bus.subscribe(job, received::add);

        bus.publish(event(job, 1));
        bus.publish(event(job, 2));
        Eventually.await("both events to the healthy listener", () -> received.size() == 2);
        assertThat(bus.state().connected()).isTrue();
    }

    @Test
    void aListenerMaySubscribeAnotherJobWithoutWaitingForItself() {
        JobId first = newJob();
        JobId second = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        List<java.time.Duration> nestedSubscribe = new CopyOnWriteArrayList<>();
        bus.subscribe(first, e -> {
            long started = System.nanoTime();
            bus.subscribe(second, received::add);
            nestedSubscribe.add(java.time.Duration.ofNanos(System.nanoTime() - started));
        });

        bus.publish(event(first, 1));
        Eventually.await("the second job subscribed from the listener", () -> nestedSubscribe.size() == 1);
        // waiting for its own confirmation would have cost the whole 500 ms socket timeout
        assertThat(nestedSubscribe.get(0)).isLessThan(java.time.Duration.ofMillis(250));
        Eventually.await("its channel confirmed", () -> cli.subscribers(channel(second)) == 1);
        bus.publish(event(second, 1));
        Eventually.await("the second job's event", () -> received.size() == 1);
    }

    @Test
    void theConnectionsAreNamedForOperators() {
        bus.publish(event(newJob(), 1));
        assertThat(cli.clientList()).contains("name=herald-subscriber").contains("name=herald-publisher");
    }

    @Test
    void concurrentSubscribesAndCancelsLeaveExactlyTheJobsWithListenersSubscribed() throws Exception {
        List<JobId> jobs = List.of(newJob(), newJob(), newJob(), newJob());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<BusSubscription>>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                results.add(threads.submit(() -> churn(jobs)));
            }
            List<BusSubscription> kept = new ArrayList<>();
            for (Future<List<BusSubscription>> result : results) {
                kept.addAll(result.get());
            }
            // every thread kept one subscription to jobs[0] and jobs[1], none to the others
            for (JobId job : jobs.subList(0, 2)) {
                assertThat(cli.subscribers(channel(job))).as("subscribed " + job).isEqualTo(1);
            }
            for (JobId job : jobs.subList(2, 4)) {
                Eventually.await("released " + job, () -> cli.subscribers(channel(job)) == 0);
            }
            List<JobEvent> received = new CopyOnWriteArrayList<>();
            bus.subscribe(jobs.get(3), received::add);
            bus.publish(event(jobs.get(3), 1));
            Eventually.await("a job subscribed again after the churn", () -> received.size() == 1);
            kept.forEach(BusSubscription::cancel);
            Eventually.await("all released", () -> bus.subscribedJobs() == 1);
        } finally {
            threads.shutdownNow();
        }
    }

    private List<BusSubscription> churn(List<JobId> jobs) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 150; i++) {
            BusSubscription subscription = bus.subscribe(jobs.get(random.nextInt(jobs.size())), e -> { });
            if (random.nextBoolean()) {
                Thread.yield();
            }
            subscription.cancel();
        }
        return List.of(bus.subscribe(jobs.get(0), e -> { }), bus.subscribe(jobs.get(1), e -> { }));
    }
}
