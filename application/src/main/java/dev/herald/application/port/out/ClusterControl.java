package dev.herald.application.port.out;

import dev.herald.domain.operator.Maintenance;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's controls shared by every gateway instance on one bus: state an instance that
 * starts (or reconnects) later must still learn, kept where all of them read it, and notices sent
 * to all of them.
 */
public interface ClusterControl {

    /**
     * Stores the maintenance state where every instance reads it, then tells every instance (this
     * one too) with a {@link ControlMessage.MaintenanceChanged}; both in one step, so instances
     * hear competing switches in the order they were stored.
     *
     * @throws EventBusUnavailableException when the shared store cannot take it now
     */
    void publishMaintenance(Maintenance state);

    /**
     * The stored maintenance state; empty when none was ever stored.
     *
     * @throws EventBusUnavailableException when the shared store cannot be read now
     */
    Optional<Maintenance> storedMaintenance();

    /**
     * Sends a message to every instance (this one too), at most once.
     *
     * @return how many instances it reached, as far as the broker knows (the replies to wait for)
     * @throws EventBusUnavailableException when the broker cannot take it now
     */
    int broadcast(ControlMessage message);

    /**
     * Receives, on a thread of the bus, every control message; after a reconnect to the broker,
     * also the stored maintenance state (what was switched meanwhile). Must be quick.
     */
    void addListener(Consumer<ControlMessage> listener);
}
