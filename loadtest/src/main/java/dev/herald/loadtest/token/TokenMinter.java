package dev.herald.loadtest.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.loadtest.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints the HS256 tokens of the wire contract: {@code exp}, optional {@code sub}, {@code scope}
 * (space-separated subset of subscribe, publish, admin) and {@code jobs} (job ids or "*").
 */
public final class TokenMinter {

    public static final List<String> SCOPES = List.of("subscribe", "publish", "admin");

    private final byte[] secret;

    public TokenMinter(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new ConfigException("the shared secret is empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String mint(List<String> scopes, List<String> jobs, Duration ttl, String subject) {
        for (String scope : scopes) {
            if (!SCOPES.contains(scope)) {
                throw new ConfigException("unknown scope \"" + scope + "\"; expected subscribe, publish or admin");
            }
        }
        if (jobs.isEmpty()) {
            throw new ConfigException("a token needs at least one job (or \"*\" for all)");
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plus(ttl)))
                .issueTime(Date.from(now))
                .claim("scope", String.join(" ", scopes))
                .claim("jobs", jobs);
        if (subject != null && !subject.isBlank()) {
            claims.subject(subject);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new ConfigException("cannot sign with this secret: HS256 needs at least 32 bytes (256 bits), as the gateway requires");
        }
        return jwt.serialize();
    }

    /** A token for everything the harness does: subscribe, publish and read metrics, on every job. */
    public String harnessToken(Duration ttl) {
        return mint(SCOPES, List.of("*"), ttl, "herald-loadtest");
    }
}
