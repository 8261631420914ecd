package dev.herald.adapter.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    private static final String SECRET = "s3cr3t-P4ss";

    @Test
    void readsAPlainUrlWithDefaults() {
        assertThat(RedisUrl.parse("redis://cache.internal"))
                .isEqualTo(new RedisEndpoint("cache.internal", 6379, false, Optional.empty(), Optional.empty(), 0));
    }

    @Test
    void readsPortAndDatabase() {
        RedisEndpoint endpoint = RedisUrl.parse("redis://10.0.0.5:6380/7");
        assertThat(endpoint.host()).isEqualTo("10.0.0.5");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.database()).isEqualTo(7);
        assertThat(RedisUrl.parse("redis://h:1/").database()).isZero();
    }

    @Test
    void rediss_meansTls() {
        RedisEndpoint endpoint = RedisUrl.parse("rediss://redis.example.com:6380");
        assertThat(endpoint.tls()).isTrue();
        assertThat(RedisUrl.parse("REDISS://h").tls()).isTrue();
        assertThat(RedisUrl.parse("redis://h").tls()).isFalse();
    }

    @Test
    void readsUserAndPassword() {
        RedisEndpoint endpoint = RedisUrl.parse("redis://herald:" + SECRET + "@h:6379/2");
        assertThat(endpoint.user()).contains("herald");
        assertThat(endpoint.password()).contains(SECRET);
    }

    @Test
    void aPasswordAloneUsesTheDefaultUser() {
        RedisEndpoint endpoint = RedisUrl.parse("redis://:" + SECRET + "@h");
        assertThat(endpoint.user()).isEmpty();
        assertThat(endpoint.password()).contains(SECRET);
    }

    @Test
    void percentEncodedCharactersAreDecoded() {
        RedisEndpoint endpoint = RedisUrl.parse("redis://us%40er:p%3Aw%2Fd%40x@h");
        assertThat(endpoint.user()).contains("us@er");
        assertThat(endpoint.password()).contains("p:w/d@x");
    }

    @Test
    void readsAnIpv6Host() {
        RedisEndpoint endpoint = RedisUrl.parse("redis://[::1]:6390");
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint.address()).isEqualTo("[::1]:6390");
    }

    @Test
    void theEndpointPrintsWithoutThePassword() {
        RedisEndpoint endpoint = RedisUrl.parse("rediss://herald:" + SECRET + "@h:6380/3");
        assertThat(endpoint.toString()).isEqualTo("rediss://herald:***@h:6380/3").doesNotContain(SECRET);
        assertThat(RedisUrl.parse("redis://h").toString()).isEqualTo("redis://h:6379/0");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://user:" + SECRET + "@h:6379",
            "user:" + SECRET + "@h:6379",
            SECRET + "@h:6379",
            "redis://user:" + SECRET + "@h:notaport",
            "redis://user:" + SECRET + "@h:99999",
            "redis://user:" + SECRET + "@h:6379/db1",
            "redis://user:" + SECRET + "@h:6379/1/2",
            "redis://user:" + SECRET + "@h:6379?ssl=true",
            "redis://user:" + SECRET + "@h:6379#x",
            "redis://" + SECRET + "@h:6379",
            "redis://user:" + SECRET + " space@h",
            "redis://user:" + SECRET + "@",
            "redis://:" + SECRET,
            "redis:///0",
            "redis:" + SECRET,
            "redis://user:@h",
            "   ",
    })
    void aMalformedUrlIsRejectedWithoutEchoingThePassword(String url) {
        assertThatThrownBy(() -> RedisUrl.parse(url))
                .isInstanceOf(InvalidRedisUrlException.class)
                .hasMessageStartingWith("Invalid Redis URL")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theErrorSaysWhatIsWrong() {
        assertThatThrownBy(() -> RedisUrl.parse("http://h")).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h/x")).hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:0")).hasMessageContaining("port");
        assertThatThrownBy(() -> RedisUrl.parse(null)).hasMessageContaining("empty");
    }
}
