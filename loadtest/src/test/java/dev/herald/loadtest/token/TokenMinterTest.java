package dev.herald.loadtest.token;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.loadtest.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenMinterTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    @Test
    void mintsTheContractsClaimsSignedWithHs256() throws Exception {
        String token = new TokenMinter(SECRET).mint(List.of("subscribe", "publish"), List.of("job-1", "job-2"), Duration.ofMinutes(15), "ops");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("subscribe publish");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("jobs")).containsExactly("job-1", "job-2");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("ops");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(Instant.now().plusSeconds(14 * 60), Instant.now().plusSeconds(16 * 60));
    }

    @Test
    void refusesUnknownScopesAndShortSecrets() {
        assertThatThrownBy(() -> new TokenMinter(SECRET).mint(List.of("root"), List.of("*"), Duration.ofHours(1), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown scope");
        assertThatThrownBy(() -> new TokenMinter("short").harnessToken(Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void readsTimesToLive() {
        assertThat(Ttl.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Ttl.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Ttl.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> Ttl.parse("soon")).isInstanceOf(ConfigException.class);
    }
}
