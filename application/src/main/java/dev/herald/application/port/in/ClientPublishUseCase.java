package dev.herald.application.port.in;

/**
 * A connected client publishes to a channel whose namespace allows client publishing. In a durable
 * namespace the event is stored, then delivered like a worker's REST publish (the sender gets it
 * too if subscribed), and {@code published} carries its seq; in an ephemeral one it is relayed live
 * to every other current subscriber on every instance, never stored, and {@code published} has no
 * seq. Either way the event carries {@code from} (the connection and its token's user). Replies go
 * through the client channel, asynchronously; a refusal is an {@code error} frame.
 */
public interface ClientPublishUseCase {

    void publish(ClientPublishCommand command);
}
