package dev.herald.application.port.out;

import dev.herald.domain.job.IdempotencyKey;

import java.time.Instant;
import java.util.Objects;

/**
 * What a keyed append asks the store to remember with its events, and to check first.
 *
 * @param key          the publisher's key, unique per job
 * @param fingerprint  a digest of what was published (types and payloads, in order): the same key
 *                     with another fingerprint is a different request, refused
 * @param forgetBefore keys remembered before this instant are forgotten (the window): a store may
 *                     drop them, and must not answer a replay from one
 */
public record IdempotencyClaim(IdempotencyKey key, String fingerprint, Instant forgetBefore) {

    public IdempotencyClaim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(forgetBefore, "forgetBefore");
    }
}
