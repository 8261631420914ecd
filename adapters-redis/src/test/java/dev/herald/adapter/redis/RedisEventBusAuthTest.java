package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials and database number from the URL reach the server; a wrong password is reported without itself. */
class RedisEventBusAuthTest {

    private static final String PASSWORD = "pa55-w0rd";
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String url(String userInfo, int database) {
        return "redis://" + userInfo + "@127.0.0.1:" + redis.port() + "/" + database;
    }

    @Test
    void connectsWithAPasswordAndSelectsTheDatabase() {
        for (String userInfo : List.of(":" + PASSWORD, "default:" + PASSWORD)) {
            try (RedisEventBus bus = RedisEventBus.start(TestSettings.fast(url(userInfo, 3)))) {
                JobId job = JobId.of("job-auth");
                List<JobEvent> received = new CopyOnWriteArrayList<>();
                bus.subscribe(job, received::add);
                JobEvent event = new JobEvent(job, 1, EventType.of("t"), Instant.EPOCH, "{}");
                bus.publish(event);
                Eventually.await("the event", () -> received.size() == 1);
                assertThat(RedisCli.on(redis.port(), PASSWORD).clientList())
                        .containsPattern("db=3 .*name=herald-subscriber|name=herald-subscriber .*db=3");
            }
        }
    }

    @Test
    void aWrongPasswordIsAConnectionErrorThatNeverShowsThePassword() {
        String wrong = "not-the-" + PASSWORD;
        try (RedisEventBus bus = RedisEventBus.start(TestSettings.fast(url(":" + wrong, 0)))) {
            assertThat(bus.state().connected()).isFalse();
            assertThat(bus.state().lastError()).hasValueSatisfying(error -> assertThat(error)
                    .containsAnyOf("WRONGPASS", "invalid password", "invalid username-password")
                    .doesNotContain(wrong));
            assertThatThrownBy(() -> bus.publish(new JobEvent(JobId.of("j"), 1, EventType.of("t"), Instant.EPOCH, "{}")))
                    .isInstanceOf(EventBusUnavailableException.class)
                    .hasMessageNotContaining(wrong);
        }
    }
}
