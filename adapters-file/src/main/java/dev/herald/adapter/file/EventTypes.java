package dev.herald.adapter.file;

import dev.herald.domain.job.EventType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link EventType} instance per type name read from the log, so the facts of 10 000 jobs share
 * a handful of objects. Bounded: past {@link #MAX_TYPES} names a type is made afresh each time.
 */
final class EventTypes {

    private static final int MAX_TYPES = 10_000;

    private final Map<String, EventType> types = new ConcurrentHashMap<>();

    EventType of(String name) {
        EventType known = types.get(name);
        if (known != null) {
            return known;
        }
        EventType type = EventType.of(name);
        if (types.size() < MAX_TYPES) {
            types.putIfAbsent(name, type);
        }
        return type;
    }
}
