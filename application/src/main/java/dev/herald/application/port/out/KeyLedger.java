package dev.herald.application.port.out;

import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One job's remembered idempotency keys, for {@link EventStore} adapters that keep them in memory
 * (not thread-safe: used under the job's lock). Keys past the window are dropped as they are met.
 */
public final class KeyLedger {

    private record Remembered(String fingerprint, AppendResult result) {
    }

    private final Map<IdempotencyKey, Remembered> keys = new HashMap<>();

    /**
     * The earlier append with the claim's key, as a replay; empty when the key is new or forgotten.
     *
     * @throws IdempotencyKeyReusedException when the key was used with another fingerprint
     */
    public Optional<AppendResult> earlier(JobId jobId, IdempotencyClaim claim) {
        keys.values().removeIf(key -> key.result().occurredAt().isBefore(claim.forgetBefore()));
        Remembered known = keys.get(claim.key());
        if (known == null) {
            return Optional.empty();
        }
        if (!known.fingerprint().equals(claim.fingerprint())) {
            throw new IdempotencyKeyReusedException(jobId, claim.key());
        }
        AppendResult first = known.result();
        return Optional.of(new AppendResult(jobId, first.firstSeq(), first.lastSeq(), first.occurredAt(), true));
    }

    public void remember(IdempotencyClaim claim, AppendResult result) {
        keys.put(claim.key(), new Remembered(claim.fingerprint(), result));
    }
}
