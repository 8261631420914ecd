package dev.herald.adapter.file;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job's remembered idempotency keys (guarded by the store's lock). Kept in the order they were
 * claimed, which is about the order of their times, so forgetting the expired ones is a walk from
 * the oldest that stops at the first one still in its window.
 */
final class JobKeys {

    /**
     * What a key's first append holds. {@code inFlight}: that append while it is being written, so a
     * retry can wait for it; null once it is stored.
     */
    static final class Claimed {
        final String fingerprint;
        final long firstSeq;
        final int count;
        final long occurredAtMillis;
        volatile PendingAppend inFlight;

        Claimed(String fingerprint, long firstSeq, int count, long occurredAtMillis, PendingAppend inFlight) {
            this.fingerprint = fingerprint;
            this.firstSeq = firstSeq;
            this.count = count;
            this.occurredAtMillis = occurredAtMillis;
            this.inFlight = inFlight;
        }
    }

    private final Map<String, Claimed> keys = new LinkedHashMap<>();

    /** The key's append when it is remembered at or after {@code forgetBeforeMillis}, else null. */
    Claimed find(String key, long forgetBeforeMillis) {
        forgetBefore(forgetBeforeMillis);
        Claimed claimed = keys.get(key);
        if (claimed != null && claimed.occurredAtMillis < forgetBeforeMillis) {
            keys.remove(key);
            return null;
        }
        return claimed;
    }

    void remember(String key, Claimed claimed) {
        // re-inserted at the end: a key used again after it was forgotten is new again
        keys.remove(key);
        keys.put(key, claimed);
    }

    /** Undoes {@link #remember} for an append that failed (unless the key was claimed again since). */
    void forget(String key, Claimed claimed) {
        keys.remove(key, claimed);
    }

    void forgetBefore(long forgetBeforeMillis) {
        Iterator<Claimed> oldestFirst = keys.values().iterator();
        while (oldestFirst.hasNext()) {
            if (oldestFirst.next().occurredAtMillis >= forgetBeforeMillis) {
                return;
            }
            oldestFirst.remove();
        }
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }
}
