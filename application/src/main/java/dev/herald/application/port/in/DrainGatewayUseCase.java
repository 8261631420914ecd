package dev.herald.application.port.in;

/**
 * Graceful stop: from {@link #beginDrain()} on, new connections are refused with
 * {@code SHUTTING_DOWN} and connected clients are sent it and closed with 1001.
 */
public interface DrainGatewayUseCase {

    void beginDrain();

    /** True once every client connection is gone. */
    boolean drained();
}
