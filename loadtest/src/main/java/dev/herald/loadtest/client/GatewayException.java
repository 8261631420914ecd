package dev.herald.loadtest.client;

/** The gateway could not be reached or answered something the harness cannot go on with (exit code 3). */
public final class GatewayException extends RuntimeException {

    public GatewayException(String message) {
        super(message);
    }
}
