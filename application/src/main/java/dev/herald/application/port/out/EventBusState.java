package dev.herald.application.port.out;

import java.util.Objects;
import java.util.Optional;

/** Connection state of the bus, for health and metrics. */
public record EventBusState(boolean connected, long reconnects, Optional<String> lastError) {

    public EventBusState {
        Objects.requireNonNull(lastError, "lastError");
    }

    public static EventBusState connected(long reconnects) {
        return new EventBusState(true, reconnects, Optional.empty());
    }
}
