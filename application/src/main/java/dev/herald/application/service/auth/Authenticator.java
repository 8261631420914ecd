package dev.herald.application.service.auth;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.out.InvalidTokenException;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.Optional;

/** Turns presented credentials into a grant: unrestricted when auth is off, else a verified token. */
public final class Authenticator {

    private final Optional<TokenVerifier> verifier;
    private final Revocations revocations;

    /** Without revocations (tests of the token rules alone). */
    Authenticator(Optional<TokenVerifier> verifier) {
        this(verifier, new Revocations(new UnsharedRevocationStore()));
    }

    public Authenticator(Optional<TokenVerifier> verifier, Revocations revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    public boolean authEnabled() {
        return verifier.isPresent();
    }

    /**
     * @throws RejectedException {@code UNAUTHORIZED} when auth is on and the token is missing or invalid;
     *                           {@code REVOKED} when an operator revoked its user after it was issued
     */
    public Grant authenticate(Credentials credentials, Instant now) {
        if (verifier.isEmpty()) {
            return Grant.unrestricted();
        }
        String token = credentials.token().orElseThrow(() ->
                new RejectedException(ErrorCode.UNAUTHORIZED, "A token is required"));
        Grant grant;
        try {
            grant = verifier.get().verify(token, now);
        } catch (InvalidTokenException e) {
            throw new RejectedException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        throwIfPresent(revocations.refusal(grant));
        return grant;
    }

    /** Authenticates, then checks the scope on the job. {@code FORBIDDEN} when the grant falls short. */
    public Grant authorize(Credentials credentials, Scope scope, JobId jobId, Instant now) {
        Grant grant = authenticate(credentials, now);
        throwIfPresent(grant.authorize(scope, jobId, now));
        return grant;
    }

    /** Authenticates, then checks the scope (no job involved). */
    public Grant authorize(Credentials credentials, Scope scope, Instant now) {
        Grant grant = authenticate(credentials, now);
        throwIfPresent(grant.authorize(scope, now));
        return grant;
    }

    private static void throwIfPresent(Optional<Rejection> rejection) {
        if (rejection.isPresent()) {
            throw new RejectedException(rejection.get());
        }
    }
}
