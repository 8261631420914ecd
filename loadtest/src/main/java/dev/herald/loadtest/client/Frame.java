package dev.herald.loadtest.client;

/**
 * What the harness needs from one server frame: the top-level fields of the contract and, for events
 * the harness published, the publisher's send time it put in the payload ({@code sentNanos}).
 * Absent numbers are {@link #NONE}.
 */
public record Frame(String type, String jobId, long seq, String code, String id, boolean replay,
                    long sentNanos, long headSeq, long replayed, long durationMs, String message) {

    public static final long NONE = Long.MIN_VALUE;

    public boolean is(String expectedType) {
        return expectedType.equals(type);
    }

    public boolean isEvent() {
        return "event".equals(type);
    }
}
