package dev.herald.application.port.out;

/** The shared presence state cannot be reached now (e.g. Redis is down). */
public class PresenceUnavailableException extends RuntimeException {

    public PresenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
