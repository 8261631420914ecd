package dev.herald.application.port.out;

import dev.herald.domain.operator.Maintenance;

import java.util.Objects;

/** What the instances of a cluster tell each other about the operator's controls. */
public sealed interface ControlMessage {

    /** Maintenance mode was switched: every instance adopts {@code state}. */
    record MaintenanceChanged(Maintenance state) implements ControlMessage {
        public MaintenanceChanged {
            Objects.requireNonNull(state, "state");
        }
    }
}
