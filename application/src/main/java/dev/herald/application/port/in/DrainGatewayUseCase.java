package dev.herald.application.port.in;

/**
 * Graceful stop: from {@link #beginDrain()} on, new connections are refused with
 * {@code SHUTTING_DOWN} and connected clients are sent it and closed with 1001.
 */
public interface DrainGatewayUseCase {

    void beginDrain();

    /**
     * An operator asks for the drain (before stopping the instance). Needs {@code admin} when auth is on.
     *
     * @return connections still open when the drain began
     */
    int requestDrain(Credentials credentials);

    /** True from {@link #beginDrain()} on (readiness turns DOWN, so load balancers stop routing here). */
    boolean draining();

    /** True once every client connection is gone. */
    boolean drained();
}
