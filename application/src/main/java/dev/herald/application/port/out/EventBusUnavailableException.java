package dev.herald.application.port.out;

/** The broker could not take a publication. The event is stored; reconciliation delivers it. */
public class EventBusUnavailableException extends RuntimeException {

    public EventBusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
