package dev.herald.domain.job;

import java.util.Map;
import java.util.Objects;

/**
 * Which event types end a job, and in which status. Configurable because every producer names its
 * terminal events its own way; the defaults are {@code job.completed}, {@code job.failed} and
 * {@code job.cancelled}.
 */
public final class TerminalEventTypes {

    private final Map<String, JobStatus> statusByType;

    private TerminalEventTypes(Map<String, JobStatus> statusByType) {
        this.statusByType = Map.copyOf(statusByType);
    }

    public static TerminalEventTypes defaults() {
        return of("job.completed", "job.failed", "job.cancelled");
    }

    /** Each name must be a valid event type (a typo would otherwise silently never match). */
    public static TerminalEventTypes of(String completed, String failed, String cancelled) {
        return new TerminalEventTypes(Map.of(
                EventType.of(Objects.requireNonNull(completed)).value(), JobStatus.COMPLETED,
                EventType.of(Objects.requireNonNull(failed)).value(), JobStatus.FAILED,
                EventType.of(Objects.requireNonNull(cancelled)).value(), JobStatus.CANCELLED));
    }

    public JobStatus statusAfter(EventType lastEventType) {
        return statusByType.getOrDefault(lastEventType.value(), JobStatus.ACTIVE);
    }
}
