package dev.herald.application.testing;

import dev.herald.application.port.out.InvalidTokenException;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.domain.auth.Grant;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens are plain names the test registers with the grant they stand for. */
public final class FakeTokenVerifier implements TokenVerifier {

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public FakeTokenVerifier grant(String token, Grant grant) {
        grants.put(token, grant);
        return this;
    }

    @Override
    public Grant verify(String token, Instant now) {
        Grant grant = grants.get(token);
        if (grant == null) {
            throw new InvalidTokenException("Invalid token");
        }
        if (grant.expired(now)) {
            throw new InvalidTokenException("Token expired");
        }
        return grant;
    }
}
