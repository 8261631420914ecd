package dev.herald.loadtest.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a keyed publish again when its fate is unknown or the failure may pass: no answer (a
 * timeout, a dropped connection) or a 5xx. The caller sends the very same request each time, with
 * the same {@code Idempotency-Key}, so the gateway stores it at most once and answers a repeat of a
 * stored one with its first reply ({@code 200}, {@code Idempotent-Replayed: true}). A 4xx is final:
 * the request itself is wrong, and sending it again cannot help. Waits between attempts double from
 * {@code backoffMs}.
 */
public final class PublishRetry {

    /** Never again: for publishes without a key, where a repeat could store the event twice. */
    public static final PublishRetry NONE = new PublishRetry(0, 0);

    private static final long MAX_BACKOFF_MS = 5_000;

    private final int maxRetries;
    private final long backoffMs;

    public PublishRetry(int maxRetries, long backoffMs) {
        this.maxRetries = Math.max(0, maxRetries);
        this.backoffMs = Math.max(0, backoffMs);
    }

    /** The final reply, and how many requests it took (1: no retry). */
    public record Outcome(GatewayHttp.Published reply, int attempts) {
        public int retries() {
            return attempts - 1;
        }
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Whether the reply leaves the publish's fate unknown, or its failure may pass. */
    static boolean retryable(GatewayHttp.Published reply) {
        return reply.status() == 0 || reply.status() >= 500;
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    long delayMs(int retry) {
        return Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(retry - 1, 16));
    }

    /** Runs {@code attempt} until its reply is final or the retries are spent; never fails. */
    public CompletableFuture<Outcome> send(Supplier<CompletableFuture<GatewayHttp.Published>> attempt) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        attempt(attempt, 1, outcome);
        return outcome;
    }

    private void attempt(Supplier<CompletableFuture<GatewayHttp.Published>> attempt, int number, CompletableFuture<Outcome> outcome) {
        attempt.get().whenComplete((reply, error) -> {
            GatewayHttp.Published result = reply != null ? reply : GatewayHttp.failed(error);
            if (number <= maxRetries && retryable(result)) {
                CompletableFuture.delayedExecutor(delayMs(number), TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(attempt, number + 1, outcome));
            } else {
                outcome.complete(new Outcome(result, number));
            }
        });
    }
}
