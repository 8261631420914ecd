package dev.herald.domain.job;

/** What happened, e.g. {@code generation.chapter.started}; same character rules as a job id. */
public record EventType(String value) {

    public EventType {
        Identifier.require(value, "eventType");
    }

    public static EventType of(String value) {
        return new EventType(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
