package dev.herald.application.port.out;

import java.util.Objects;
import java.util.Optional;

/**
 * Connection state of the bus, for health and metrics.
 *
 * @param reconnects        successful reconnects since start
 * @param reconnectAttempts connection attempts made after a loss (failed ones included)
 * @param lastError         the last connection error, if the bus has had one
 */
public record EventBusState(boolean connected, long reconnects, long reconnectAttempts, Optional<String> lastError) {

    public EventBusState {
        Objects.requireNonNull(lastError, "lastError");
    }

    /** A bus that cannot disconnect (in-process). */
    public static EventBusState alwaysConnected() {
        return new EventBusState(true, 0, 0, Optional.empty());
    }
}
