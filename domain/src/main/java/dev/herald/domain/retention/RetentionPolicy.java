package dev.herald.domain.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long a job's events are kept: an age limit, a count limit per job, both, or neither (the
 * default: nothing is deleted). It decides cut-offs; deleting is the sweeper's job. Time comes in
 * as a value.
 *
 * @param maxAge          events whose {@code occurredAt} is older than this are deleted
 * @param maxEventsPerJob a job keeps at most this many of its latest events
 */
public record RetentionPolicy(Optional<Duration> maxAge, OptionalLong maxEventsPerJob) {

    public RetentionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxEventsPerJob, "maxEventsPerJob");
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw new IllegalArgumentException("retention max age must be positive: " + maxAge.get());
        }
        if (maxEventsPerJob.isPresent() && maxEventsPerJob.getAsLong() < 1) {
            throw new IllegalArgumentException("retention max events per job must be at least 1: "
                    + maxEventsPerJob.getAsLong());
        }
    }

    public static RetentionPolicy off() {
        return new RetentionPolicy(Optional.empty(), OptionalLong.empty());
    }

    /** Whether anything is ever deleted in the background. */
    public boolean enabled() {
        return maxAge.isPresent() || maxEventsPerJob.isPresent();
    }

    /**
     * The count limit's cut-off for a job whose stored events are {@code firstSeq..headSeq}: the
     * seqs below the answer are over the limit ({@code firstSeq} when none is, or without a limit).
     */
    public long countCutoff(long firstSeq, long headSeq) {
        if (maxEventsPerJob.isEmpty()) {
            return firstSeq;
        }
        return Math.max(firstSeq, headSeq - maxEventsPerJob.getAsLong() + 1);
    }

    /** Events that occurred before the answer are too old; empty without an age limit. */
    public Optional<Instant> ageCutoff(Instant now) {
        return maxAge.map(now::minus);
    }

    /** Whether an event that occurred at {@code occurredAt} is too old at {@code now}. */
    public boolean expired(Instant occurredAt, Instant now) {
        return ageCutoff(now).map(occurredAt::isBefore).orElse(false);
    }

    /** For logs: "max age PT720H, max 1000 events per job", or "off". */
    public String describe() {
        if (!enabled()) {
            return "off";
        }
        StringBuilder text = new StringBuilder();
        maxAge.ifPresent(age -> text.append("max age ").append(age));
        maxEventsPerJob.ifPresent(max -> text.append(text.isEmpty() ? "" : ", ").append("max ").append(max)
                .append(" events per job"));
        return text.toString();
    }
}
