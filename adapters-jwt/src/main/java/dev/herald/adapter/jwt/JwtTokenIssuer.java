package dev.herald.adapter.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.domain.auth.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Signs tokens the way {@link JwtTokenVerifier} reads them: for the services that hand tokens to
 * browsers and workers, and for tests.
 */
public final class JwtTokenIssuer {

    private final MACSigner signer;

    public JwtTokenIssuer(String secret) {
        try {
            this.signer = new MACSigner(JwtTokenVerifier.keyOf(secret, "the signing secret"));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the signing secret cannot be used as an HS256 key", e);
        }
    }

    /** @param jobs job ids, or {@code "*"} for all jobs */
    public String issue(Collection<Scope> scopes, Collection<String> jobs, Duration ttl, Optional<String> subject,
                        Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plus(ttl)))
                .issueTime(Date.from(now))
                .claim("scope", scopes.stream().map(Scope::wireName).collect(Collectors.joining(" ")))
                .claim("jobs", List.copyOf(jobs));
        subject.ifPresent(claims::subject);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }
}
