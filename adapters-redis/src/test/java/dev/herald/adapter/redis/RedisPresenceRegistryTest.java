package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.PresenceRegistryContract;
import dev.herald.application.port.out.PresenceUnavailableException;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The presence registry contract against a real redis-server, one registry (and pool) per instance. */
class RedisPresenceRegistryTest extends PresenceRegistryContract {

    private static RedisServer redis;
    private final List<RedisPresenceRegistry> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected PresenceRegistry newInstanceRegistry() {
        RedisPresenceRegistry registry = RedisPresenceRegistry.start(TestSettings.fast(redis.url()), clock, TTL);
        opened.add(registry);
        return registry;
    }

    @AfterEach
    void closeRegistries() {
        opened.forEach(RedisPresenceRegistry::close);
    }

    @Test
    void aRestartedRedisIsUnavailableWhileDownAndFilledAgainByTheNextRefresh() {
        PresenceRegistry registry = newInstanceRegistry();
        InstanceId instance = InstanceId.random();
        JobId job = JobId.of("room:restart");
        Membership member = new Membership(job, new Member(ClientId.of("c1"), Optional.of("u"), clock.instant()),
                instance, 1);
        registry.add(member);
        redis.stop();
        try {
            assertThatThrownBy(() -> registry.members(job)).isInstanceOf(PresenceUnavailableException.class)
                    .hasMessageContaining("Redis at");
        } finally {
            redis.start();
        }
        assertThat(registry.members(job)).as("a restarted Redis is empty").isEmpty();
        registry.refresh(instance, List.of(member));
        assertThat(registry.members(job)).containsExactly(member);
    }

    @Test
    void keysExpireOnTheirOwnOnceNoInstanceWritesThem() {
        PresenceRegistry registry = newInstanceRegistry();
        JobId job = JobId.of("room:expiry");
        registry.add(new Membership(job, new Member(ClientId.of("c1"), Optional.empty(), clock.instant()),
                InstanceId.random(), 1));
        RedisCli cli = RedisCli.on(redis.port());
        assertThat(cli.pttl(RedisPresenceRegistry.key(job))).isPositive()
                .isLessThanOrEqualTo(TTL.duration().multipliedBy(3).toMillis());
        assertThat(cli.pttl(RedisPresenceRegistry.INSTANCES)).isPositive();
    }
}
