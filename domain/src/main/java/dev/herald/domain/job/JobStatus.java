package dev.herald.domain.job;

import java.util.Locale;

/** Where a job stands, judged from its last event type. */
public enum JobStatus {
    ACTIVE, COMPLETED, FAILED, CANCELLED;

    /** The lower-case wire name: {@code active}, {@code completed}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
