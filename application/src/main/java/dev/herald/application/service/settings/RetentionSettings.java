package dev.herald.application.service.settings;

import dev.herald.domain.retention.RetentionPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * Retention as configured: the policy and how the sweeper works through the store.
 *
 * @param batchSize  events deleted per store call, and events read per call to find the age
 *                   cut-off (bounds each call, so a store's other work is never held up for long)
 * @param jobsPage   jobs listed per store call by the sweeper
 * @param batchPause the sweeper's pause after each batch that deleted something: a store that
 *                   serializes writes (the embedded MongoDB) serves the publishers in between
 */
public record RetentionSettings(RetentionPolicy policy, int batchSize, int jobsPage, Duration batchPause) {

    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int DEFAULT_JOBS_PAGE = 500;
    public static final Duration DEFAULT_BATCH_PAUSE = Duration.ofMillis(200);

    public RetentionSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(batchPause, "batchPause");
        if (batchSize < 1 || jobsPage < 1 || batchPause.isNegative()) {
            throw new IllegalArgumentException("retention batch size and jobs page must be positive, the pause not negative");
        }
    }

    public static RetentionSettings off() {
        return new RetentionSettings(RetentionPolicy.off(), DEFAULT_BATCH_SIZE, DEFAULT_JOBS_PAGE, DEFAULT_BATCH_PAUSE);
    }
}
