package dev.herald.application.port.out;

/** The event store cannot serve the request now (unreachable, timed out). Nothing was stored. */
public class EventStoreUnavailableException extends RuntimeException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventStoreUnavailableException(String message) {
        super(message);
    }
}
