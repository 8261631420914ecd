package dev.herald.application.port.out;

import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobId;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One job's remembered idempotency keys, for {@link EventStore} adapters that keep them in memory
 * (not thread-safe: used under the job's lock). Kept in the order they were remembered, about the
 * order of their times, so forgetting the ones past the window is a walk from the oldest that stops
 * at the first one still in it (not a scan of every key per append).
 */
public final class KeyLedger {

    private record Remembered(String fingerprint, AppendResult result) {
    }

    private final Map<IdempotencyKey, Remembered> keys = new LinkedHashMap<>();

    /**
     * The earlier append with the claim's key, as a replay; empty when the key is new or forgotten.
     *
     * @throws IdempotencyKeyReusedException when the key was used with another fingerprint
     */
    public Optional<AppendResult> earlier(JobId jobId, IdempotencyClaim claim) {
        Iterator<Remembered> oldestFirst = keys.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().result().occurredAt().isBefore(claim.forgetBefore())) {
            oldestFirst.remove();
        }
        Remembered known = keys.get(claim.key());
        if (known == null || known.result().occurredAt().isBefore(claim.forgetBefore())) {
            return Optional.empty();
        }
        if (!known.fingerprint().equals(claim.fingerprint())) {
            throw new IdempotencyKeyReusedException(jobId, claim.key());
        }
        AppendResult first = known.result();
        return Optional.of(new AppendResult(jobId, first.firstSeq(), first.lastSeq(), first.occurredAt(), true));
    }

    public void remember(IdempotencyClaim claim, AppendResult result) {
        // re-inserted at the end: a key used again after it was forgotten is new again
        keys.remove(claim.key());
        keys.put(claim.key(), new Remembered(claim.fingerprint(), result));
    }
}
