package dev.herald.domain.operator;

import dev.herald.domain.auth.Grant;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator revoked a user: every token of {@code subject} issued before {@code revokedAt} is
 * refused from then on (it is refused until it expires: a token past its {@code exp} is refused
 * anyway). Tokens carry {@code iat} in whole seconds, so a token issued in the same second as the
 * revocation counts as issued before it (the user's application issues the next one a second
 * later); a token without {@code iat} cannot show it is newer and is refused too.
 */
public record Revocation(String subject, Instant revokedAt) {

    /** Longest {@code sub} kept (longer ones cannot be revoked: no token the gateway accepts is refused by them). */
    public static final int MAX_SUBJECT_LENGTH = 256;

    public Revocation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject must be 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
    }

    /** Whether this revocation refuses the grant's token. */
    public boolean refuses(Grant grant) {
        if (grant.subject().isEmpty() || !grant.subject().get().equals(subject)) {
            return false;
        }
        return grant.issuedAt().map(iat -> iat.getEpochSecond() <= revokedAt.getEpochSecond()).orElse(true);
    }

    /** The later of two revocations of the same subject (a later one refuses more). */
    public Revocation later(Revocation other) {
        if (!other.subject.equals(subject)) {
            throw new IllegalArgumentException("revocations of different subjects");
        }
        return other.revokedAt.isAfter(revokedAt) ? other : this;
    }
}
