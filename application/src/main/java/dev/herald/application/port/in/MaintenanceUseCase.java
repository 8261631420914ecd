package dev.herald.application.port.in;

import dev.herald.domain.operator.Maintenance;

import java.util.Optional;

/**
 * Maintenance mode, read and switched by the operator ({@code /api/admin/maintenance}) for every
 * instance on the bus. The admin guard runs before; this does not check credentials again.
 */
public interface MaintenanceUseCase {

    /** This instance's state (the cluster's, as far as the bus delivered it). */
    Maintenance current();

    /**
     * Switches maintenance on or off on every instance.
     *
     * @param message what clients are told while it is on (blank: a default text)
     * @throws dev.herald.domain.error.RejectedException {@code BAD_REQUEST} for a message over
     *                                                   {@link Maintenance#MAX_MESSAGE_LENGTH} characters
     */
    Maintenance switchTo(boolean enabled, Optional<String> message);
}
