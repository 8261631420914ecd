package dev.herald.domain.job;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one publish may carry, and how long its idempotency key is remembered.
 *
 * @param maxBatchEvents    events one batch may hold (the contract: 1 to 1000)
 * @param maxBatchBytes     bytes a batch request's body may hold (read by the edge, which holds it whole)
 * @param idempotencyWindow keys are remembered at least this long; a repeat after it is a new publish
 */
public record PublishLimits(int maxBatchEvents, int maxBatchBytes, Duration idempotencyWindow) {

    public static final int DEFAULT_MAX_BATCH_EVENTS = 1000;
    public static final int DEFAULT_MAX_BATCH_BYTES = 4 << 20;
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    public PublishLimits {
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("maxBatchEvents must be positive");
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxBatchBytes must be positive");
        }
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("idempotencyWindow must be positive");
        }
    }

    public static PublishLimits defaults() {
        return new PublishLimits(DEFAULT_MAX_BATCH_EVENTS, DEFAULT_MAX_BATCH_BYTES, DEFAULT_IDEMPOTENCY_WINDOW);
    }

    /** A batch must hold 1 to {@code maxBatchEvents} events. */
    public void checkBatchSize(int events) {
        if (events < 1) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "\"events\" must hold at least one event");
        }
        if (events > maxBatchEvents) {
            throw new RejectedException(ErrorCode.BAD_REQUEST,
                    "A batch holds at most " + maxBatchEvents + " events; this one has " + events);
        }
    }
}
