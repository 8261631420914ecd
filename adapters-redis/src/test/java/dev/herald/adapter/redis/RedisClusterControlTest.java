package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.ConnectionInfo;
import dev.herald.domain.operator.Maintenance;
import dev.herald.domain.operator.Revocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster's controls in a real redis-server, each "instance" with its own bus and control. */
class RedisClusterControlTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static RedisServer redis;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeInstances() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
        RedisCli.on(redis.port()).set(RedisClusterControl.MAINTENANCE_KEY, new byte[0]);
    }

    private record Instance(RedisClusterControl control, LinkedBlockingQueue<ControlMessage> heard) {
        ControlMessage next() throws InterruptedException {
            ControlMessage message = heard.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a control message within 5 s").isNotNull();
            return message;
        }
    }

    private Instance instance() {
        RedisSettings settings = TestSettings.fast(redis.url());
        RedisEventBus bus = RedisEventBus.start(settings);
        RedisClusterControl control = RedisClusterControl.start(settings, bus);
        opened.add(control);
        opened.add(bus);
        LinkedBlockingQueue<ControlMessage> heard = new LinkedBlockingQueue<>();
        control.addListener(heard::add);
        return new Instance(control, heard);
    }

    private static Maintenance on(String message) {
        return Maintenance.off().switchTo(true, Optional.of(message), T0);
    }

    @Test
    void aSwitchIsStoredAndHeardByEveryInstanceAndReadByOneThatStartsLater() throws Exception {
        Instance a = instance();
        Instance b = instance();
        Maintenance state = on("Database upgrade,\nback at 04:00 — ünïcode");

        a.control().publishMaintenance(state);

        assertThat(a.next()).isEqualTo(new ControlMessage.MaintenanceChanged(state));
        assertThat(b.next()).isEqualTo(new ControlMessage.MaintenanceChanged(state));
        assertThat(instance().control().storedMaintenance()).hasValue(state);
    }

    @Test
    void anInstanceWhoseConnectionBrokeReadsTheStoredStateWhenItReconnects() throws Exception {
        Instance a = instance();
        Maintenance state = on("switched while a was away");
        // stored without a notice: only a read after the reconnect can tell a
        RedisCli cli = RedisCli.on(redis.port());
        cli.set(RedisClusterControl.MAINTENANCE_KEY, ControlMessageCodec.encodeMaintenance(state));
        cli.killSubscribers();

        assertThat(a.next()).isEqualTo(new ControlMessage.MaintenanceChanged(state));
    }

    @Test
    void aRedisRestartedEmptyGetsTheMaintenanceStateBackFromTheInstances() throws Exception {
        Instance a = instance();
        Maintenance state = on("kept across a Redis restart");
        a.control().publishMaintenance(state);
        assertThat(a.next()).isEqualTo(new ControlMessage.MaintenanceChanged(state));

        redis.stop();
        redis.start(); // same port, no data: the key is gone until an instance reconnects

        RedisClusterControl reader = instance().control();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<Maintenance> stored = Optional.empty();
        while (stored.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // waits for a's reconnect, which is real time (the bus' backoff)
            try {
                stored = reader.storedMaintenance();
            } catch (EventBusUnavailableException notYet) {
                // Redis still starting
            }
        }
        assertThat(stored).as("the state written back after the reconnect").hasValue(state);
    }

    @Test
    void aMalformedMessageOrStateIsIgnoredAndTheNextOneHeard() throws Exception {
        Instance a = instance();
        RedisCli cli = RedisCli.on(redis.port());
        cli.publish(RedisClusterControl.CHANNEL, "maintenance\nmaybe\n\n".getBytes());
        cli.set(RedisClusterControl.MAINTENANCE_KEY, "garbage".getBytes());
        assertThat(a.control().storedMaintenance()).isEmpty();

        Maintenance off = on("x").switchTo(false, Optional.empty(), T0.plusSeconds(1));
        a.control().publishMaintenance(off);
        assertThat(a.next()).isEqualTo(new ControlMessage.MaintenanceChanged(off));
    }

    @Test
    void aRedisThatIsDownIsUnavailable() {
        Instance a = instance();
        redis.stop();
        try {
            assertThatThrownBy(() -> a.control().publishMaintenance(on("x")))
                    .isInstanceOf(EventBusUnavailableException.class).hasMessageContaining("Redis at");
            assertThatThrownBy(() -> a.control().storedMaintenance()).isInstanceOf(EventBusUnavailableException.class);
        } finally {
            redis.start();
        }
    }

    @Test
    void aBroadcastReachesEveryInstanceAndSaysHowMany() throws Exception {
        Instance a = instance();
        Instance b = instance();
        ControlMessage request = new ControlMessage.ListClients("r1", Optional.empty(), Optional.of("alice"));
        // an earlier test's closed instances may still count until Redis notices their connections closed
        RedisCli cli = RedisCli.on(redis.port());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cli.subscribers(RedisClusterControl.CHANNEL) != 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(a.control().broadcast(request)).isEqualTo(2);
        assertThat(a.next()).isEqualTo(request);
        assertThat(b.next()).isEqualTo(request);
    }

    @Test
    void everyControlMessageSurvivesTheCodec() throws Exception {
        ConnectionInfo full = new ConnectionInfo(ClientId.of("c-1_x"), Optional.of("al ice\n=é"), "10.0.0.1",
                Optional.of("https://app.example"), T0, List.of(JobId.of("job-1"), JobId.of("chat:lobby")), "inst-1");
        ConnectionInfo bare = new ConnectionInfo(ClientId.of("c2"), Optional.of(""), "::1", Optional.empty(), T0,
                List.of(), "inst-2");
        for (ControlMessage message : List.<ControlMessage>of(
                new ControlMessage.ListClients("r", Optional.of(JobId.of("j")), Optional.empty()),
                new ControlMessage.ListClients("r", Optional.empty(), Optional.of("")),
                new ControlMessage.DisconnectClient("r2", ClientId.of("abc")),
                new ControlMessage.RevokeUser("r3", new Revocation("bob/=x", T0)),
                new ControlMessage.Reply("r4", "inst-1", List.of()),
                new ControlMessage.Reply("r5", "inst-1", List.of(full, bare)))) {
            assertThat(ControlMessageCodec.decode(ControlMessageCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void theCodecKeepsEveryField() throws Exception {
        for (Maintenance state : List.of(Maintenance.off(), on(""), on("a=b&c%d\n"),
                on("x").switchTo(false, Optional.empty(), T0.plus(Duration.ofHours(1))))) {
            assertThat(ControlMessageCodec.decodeMaintenance(ControlMessageCodec.encodeMaintenance(state)))
                    .isEqualTo(state);
        }
    }
}
