package dev.herald.application.port.in;

import dev.herald.domain.error.RejectedException;

/** A worker publishes an event: stored durably first, then fanned out live. */
public interface PublishEventUseCase {

    /**
     * @throws RejectedException {@code UNAUTHORIZED}, {@code FORBIDDEN}, {@code MESSAGE_TOO_LARGE},
     *                           or {@code STORE_UNAVAILABLE} (then nothing was stored)
     */
    PublishedEvent publish(PublishEventCommand command);
}
