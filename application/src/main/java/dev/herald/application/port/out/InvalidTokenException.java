package dev.herald.application.port.out;

/** A token that does not verify. The message is safe to show (it never contains the token). */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
