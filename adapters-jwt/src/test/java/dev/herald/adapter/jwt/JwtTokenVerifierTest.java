package dev.herald.adapter.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.application.port.out.InvalidTokenException;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokenVerifierTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    private static final String PREVIOUS = "the-previous-secret-still-32-bytes-long";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final JwtTokenVerifier verifier = new JwtTokenVerifier(SECRET, Optional.empty(), Duration.ofSeconds(30));

    private static String sign(String secret, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("scope", "subscribe publish").claim("jobs", List.of("book-1", "book-2")).subject("worker-7");
    }

    private void assertRejected(String token, Instant at, String message) {
        assertThatThrownBy(() -> verifier.verify(token, at)).isInstanceOf(InvalidTokenException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.length() > 10 ? token.substring(0, 10) : "\u0000"));
    }

    @Test
    void aValidTokenGrantsItsScopesJobsAndSubject() throws Exception {
        Grant grant = verifier.verify(sign(SECRET, JWSAlgorithm.HS256, claims().build()), NOW);
        assertThat(grant.scopes()).containsExactlyInAnyOrder(Scope.SUBSCRIBE, Scope.PUBLISH);
        assertThat(grant.allJobs()).isFalse();
        assertThat(grant.jobs()).containsExactlyInAnyOrder(JobId.of("book-1"), JobId.of("book-2"));
        assertThat(grant.subject()).contains("worker-7");
        assertThat(grant.expiresAt()).contains(NOW.plusSeconds(3600 + 30));
    }

    @Test
    void aTokenWithoutIatHasNoIssueTime() throws Exception {
        assertThat(verifier.verify(sign(SECRET, JWSAlgorithm.HS256, claims().build()), NOW).issuedAt()).isEmpty();
    }

    @Test
    void aStarGrantsEveryJobAndUnknownScopesAreIgnored() throws Exception {
        Grant grant = verifier.verify(sign(SECRET, JWSAlgorithm.HS256, claims()
                .claim("scope", " admin  billing:read ").claim("jobs", List.of("*")).build()), NOW);
        assertThat(grant.scopes()).containsExactly(Scope.ADMIN);
        assertThat(grant.allJobs()).isTrue();
        assertThat(grant.covers(JobId.of("anything"))).isTrue();
    }

    @Test
    void theIssuerMakesTokensTheVerifierAccepts() {
        String token = new JwtTokenIssuer(SECRET).issue(Set.of(Scope.SUBSCRIBE), List.of("j"), Duration.ofMinutes(5),
                Optional.empty(), NOW);
        Grant grant = verifier.verify(token, NOW.plusSeconds(60));
        assertThat(grant.has(Scope.SUBSCRIBE)).isTrue();
        assertThat(grant.issuedAt()).as("iat, which revocations compare with").hasValue(NOW);
        assertThat(grant.covers(JobId.of("j"))).isTrue();
        assertThat(grant.subject()).isEmpty();
    }

    @Test
    void duringARotationTokensOfThePreviousSecretStillVerify() throws Exception {
        String old = sign(PREVIOUS, JWSAlgorithm.HS256, claims().build());
        assertRejected(old, NOW, "Invalid token signature");
        JwtTokenVerifier rotating = new JwtTokenVerifier(SECRET, Optional.of(PREVIOUS), Duration.ZERO);
        assertThat(rotating.verify(old, NOW).has(Scope.PUBLISH)).isTrue();
        assertThat(rotating.verify(sign(SECRET, JWSAlgorithm.HS256, claims().build()), NOW).has(Scope.PUBLISH)).isTrue();
        assertThatThrownBy(() -> rotating.verify(sign("some-other-secret-that-is-long-enough!", JWSAlgorithm.HS256,
                claims().build()), NOW)).hasMessage("Invalid token signature");
    }

    @Test
    void aTamperedTokenIsRejected() throws Exception {
        String token = sign(SECRET, JWSAlgorithm.HS256, claims().build());
        String[] parts = token.split("\\.");
        String forgedClaims = Base64URL.encode(claims().claim("jobs", List.of("*")).claim("scope", "admin").build()
                .toString()).toString();
        assertRejected(parts[0] + "." + forgedClaims + "." + parts[2], NOW, "Invalid token signature");
    }

    @Test
    void onlyHs256IsAccepted() throws Exception {
        String hs512 = sign(SECRET + SECRET, JWSAlgorithm.HS512, claims().build());
        assertRejected(hs512, NOW, "Unsupported token algorithm; HS256 is required");
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String body = Base64URL.encode(claims().build().toString()).toString();
        assertRejected(header + "." + body + ".", NOW, "Malformed token");
    }

    @Test
    void expiryAndNotBeforeHonourTheClockSkew() throws Exception {
        String token = sign(SECRET, JWSAlgorithm.HS256, claims().expirationTime(Date.from(NOW))
                .notBeforeTime(Date.from(NOW.minusSeconds(60))).build());
        assertThat(verifier.verify(token, NOW.plusSeconds(29)).has(Scope.SUBSCRIBE)).isTrue();
        assertRejected(token, NOW.plusSeconds(30), "Token expired");

        String early = sign(SECRET, JWSAlgorithm.HS256, claims().notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        assertRejected(early, NOW, "Token not yet valid");
        assertThat(verifier.verify(early, NOW.plusSeconds(31)).has(Scope.SUBSCRIBE)).isTrue();
    }

    @Test
    void aTokenWithoutExpiryIsRejected() throws Exception {
        String token = sign(SECRET, JWSAlgorithm.HS256, new JWTClaimsSet.Builder().claim("scope", "subscribe").build());
        assertRejected(token, NOW, "Token has no exp claim");
    }

    @Test
    void badScopeAndJobClaimsAreRejected() throws Exception {
        assertRejected(sign(SECRET, JWSAlgorithm.HS256, claims().claim("scope", List.of("subscribe")).build()), NOW,
                "Token scope must be a space-separated string");
        assertRejected(sign(SECRET, JWSAlgorithm.HS256, claims().claim("jobs", "book-1").build()), NOW,
                "Token jobs must be an array of job ids");
        assertRejected(sign(SECRET, JWSAlgorithm.HS256, claims().claim("jobs", List.of("bad id")).build()), NOW,
                "Token jobs contain an invalid job id");
        assertRejected(sign(SECRET, JWSAlgorithm.HS256, claims().claim("jobs", List.of(Map.of("x", 1))).build()), NOW,
                "Token jobs must be an array of job ids");
    }

    @Test
    void aTokenWithoutJobsGrantsNoJob() throws Exception {
        JWTClaimsSet noJobs = new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("scope", "admin").build();
        Grant grant = verifier.verify(sign(SECRET, JWSAlgorithm.HS256, noJobs), NOW);
        assertThat(grant.allJobs()).isFalse();
        assertThat(grant.jobs()).isEmpty();
        assertThat(grant.scopes()).containsExactly(Scope.ADMIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "abc.def", "a.b.c", "....", "Bearer abc"})
    void garbageIsMalformed(String token) {
        assertThatThrownBy(() -> verifier.verify(token, NOW)).isInstanceOf(InvalidTokenException.class)
                .hasMessageStartingWith("Malformed");
    }

    /** The signature is checked before the claims are even parsed: forged garbage never reaches the parser. */
    @Test
    void aValidHeaderOverGarbageFailsTheSignature() {
        assertThatThrownBy(() -> verifier.verify("eyJhbGciOiJIUzI1NiJ9.%%%.abc", NOW))
                .isInstanceOf(InvalidTokenException.class).hasMessage("Invalid token signature");
    }

    @Test
    void anAbsurdlyLongTokenIsRefusedUnparsed() {
        assertThatThrownBy(() -> verifier.verify("a".repeat(9_000), NOW)).hasMessage("Malformed token");
    }

    @Test
    void aShortSecretStopsTheStart() {
        assertThatThrownBy(() -> new JwtTokenVerifier("too-short", Optional.empty(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short");
        assertThatThrownBy(() -> new JwtTokenVerifier(SECRET, Optional.of("short"), Duration.ZERO))
                .hasMessageContaining("the previous secret");
    }
}
