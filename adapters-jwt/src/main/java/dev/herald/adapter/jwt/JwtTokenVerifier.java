package dev.herald.adapter.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.application.port.out.InvalidTokenException;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the gateway's tokens: JWTs signed with HS256 by the shared secret (or, during a
 * rotation, the previous one), carrying {@code exp}, optionally {@code nbf} and {@code sub},
 * {@code scope} (space-separated {@code subscribe publish admin}) and {@code jobs} (job ids, or
 * {@code "*"} for all).
 *
 * <p>Only HS256 is accepted, whatever the token's header claims (no {@code none}, no algorithm
 * confusion). Signatures are compared in constant time by Nimbus' MAC verifier. Failure messages
 * say what is wrong without repeating any part of the token.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Far above any real token; a longer string is refused before it is parsed. */
    static final int MAX_TOKEN_CHARS = 8_192;

    private final List<JWSVerifier> verifiers;
    private final Duration clockSkew;

    /**
     * @param previousSecret accepted besides {@code secret} while tokens signed with it are still around
     * @param clockSkew      tolerance for {@code exp} and {@code nbf} between issuer and gateway clocks
     */
    public JwtTokenVerifier(String secret, Optional<String> previousSecret, Duration clockSkew) {
        List<JWSVerifier> accepted = new ArrayList<>();
        accepted.add(verifier(secret, "the shared secret"));
        previousSecret.ifPresent(previous -> accepted.add(verifier(previous, "the previous secret")));
        this.verifiers = List.copyOf(accepted);
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must be >= 0");
        }
        this.clockSkew = clockSkew;
    }

    static byte[] keyOf(String secret, String name) {
        byte[] key = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256; use e.g. `openssl rand -base64 48`");
        }
        return key;
    }

    private static JWSVerifier verifier(String secret, String name) {
        try {
            return new MACVerifier(keyOf(secret, name));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(name + " cannot be used as an HS256 key", e);
        }
    }

    @Override
    public Grant verify(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("Malformed token");
        }
        SignedJWT jwt = parse(token);
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("Unsupported token algorithm; HS256 is required");
        }
        if (!signedByAcceptedSecret(jwt)) {
            throw new InvalidTokenException("Invalid token signature");
        }
        JWTClaimsSet claims = claims(jwt);
        Instant expiresAt = requireTime(claims.getExpirationTime(), "exp").plus(clockSkew);
        if (!now.isBefore(expiresAt)) {
            throw new InvalidTokenException("Token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant())) {
            throw new InvalidTokenException("Token not yet valid");
        }
        JobGrant jobs = jobs(claims);
        return new Grant(scopes(claims), jobs.all(), jobs.ids(), Optional.of(expiresAt),
                Optional.ofNullable(claims.getSubject()), issuedAt(claims));
    }

    /** {@code iat}, which a revocation compares with; empty when the token has none. */
    private static Optional<Instant> issuedAt(JWTClaimsSet claims) {
        try {
            return Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant);
        } catch (RuntimeException e) {
            throw new InvalidTokenException("Malformed iat claim");
        }
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException("Malformed token");
        }
    }

    private boolean signedByAcceptedSecret(SignedJWT jwt) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                return false;
            }
        }
        return false;
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("Malformed token claims");
        }
    }

    private static Instant requireTime(Date time, String claim) {
        if (time == null) {
            throw new InvalidTokenException("Token has no " + claim + " claim");
        }
        return time.toInstant();
    }

    /** Scopes the gateway does not know are ignored, so tokens can carry other services' scopes. */
    private static Set<Scope> scopes(JWTClaimsSet claims) {
        Object claim = claims.getClaim("scope");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (claim == null) {
            return scopes;
        }
        if (!(claim instanceof String text)) {
            throw new InvalidTokenException("Token scope must be a space-separated string");
        }
        for (String name : text.trim().split("\\s+")) {
            Scope.fromWire(name).ifPresent(scopes::add);
        }
        return scopes;
    }

    private record JobGrant(boolean all, Set<JobId> ids) {
    }

    private static JobGrant jobs(JWTClaimsSet claims) {
        List<String> names;
        try {
            names = claims.getStringListClaim("jobs");
        } catch (ParseException e) {
            throw new InvalidTokenException("Token jobs must be an array of job ids");
        }
        if (names == null) {
            return new JobGrant(false, Set.of());
        }
        Set<JobId> ids = new HashSet<>();
        boolean all = false;
        for (String name : names) {
            if ("*".equals(name)) {
                all = true;
            } else {
                try {
                    ids.add(JobId.of(name));
                } catch (RejectedException e) {
                    throw new InvalidTokenException("Token jobs contain an invalid job id");
                }
            }
        }
        return new JobGrant(all, ids);
    }
}
