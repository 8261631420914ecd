package dev.herald.application.port.out;

import dev.herald.domain.auth.Grant;

import java.time.Instant;

/** Checks a bearer token and says what it grants. */
public interface TokenVerifier {

    /**
     * @throws InvalidTokenException when the token is malformed, wrongly signed, expired or not yet
     *                               valid at {@code now}
     */
    Grant verify(String token, Instant now);
}
