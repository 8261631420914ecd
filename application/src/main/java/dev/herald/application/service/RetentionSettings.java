package dev.herald.application.service;

import dev.herald.domain.retention.RetentionPolicy;

import java.util.Objects;

/**
 * Retention as configured: the policy and how the sweeper works through the store.
 *
 * @param batchSize events deleted per store call, and events read per call to find the age cut-off
 *                  (bounds each call, so a store's other work is never held up for long)
 * @param jobsPage  jobs listed per store call by the sweeper
 */
public record RetentionSettings(RetentionPolicy policy, int batchSize, int jobsPage) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_JOBS_PAGE = 500;

    public RetentionSettings {
        Objects.requireNonNull(policy, "policy");
        if (batchSize < 1 || jobsPage < 1) {
            throw new IllegalArgumentException("retention batch size and jobs page must be positive");
        }
    }

    public static RetentionSettings off() {
        return new RetentionSettings(RetentionPolicy.off(), DEFAULT_BATCH_SIZE, DEFAULT_JOBS_PAGE);
    }
}
