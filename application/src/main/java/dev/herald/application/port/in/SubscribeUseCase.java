package dev.herald.application.port.in;

/**
 * A client follows a job: {@code subscribed}, then the stored events after its cursor (replay),
 * {@code caught-up}, then live events; in order, each once, no gap. Replies go through the
 * client channel, asynchronously.
 */
public interface SubscribeUseCase {

    void subscribe(SubscribeCommand command);
}
