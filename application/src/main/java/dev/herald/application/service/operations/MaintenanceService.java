package dev.herald.application.service.operations;

import dev.herald.application.port.in.MaintenanceUseCase;
import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.operator.Maintenance;

import java.time.Clock;
import java.util.Optional;

/**
 * Switches maintenance mode for the cluster through {@link ClusterControl}, and adopts what the
 * cluster says. An instance adopts a switch at once (before the bus echoes it), so the operator's
 * answer is true of the instance that gave it even when the bus is down.
 */
public final class MaintenanceService implements MaintenanceUseCase {

    private static final System.Logger LOG = System.getLogger(MaintenanceService.class.getName());

    private final GatewayLifecycle lifecycle;
    private final ClusterControl control;
    private final Clock clock;

    public MaintenanceService(GatewayLifecycle lifecycle, ClusterControl control, Clock clock) {
        this.lifecycle = lifecycle;
        this.control = control;
        this.clock = clock;
    }

    /** A switch made anywhere in the cluster (this instance's own too, echoed by the bus). */
    void changed(ControlMessage.MaintenanceChanged changed) {
        adopt(changed.state(), "from the cluster");
    }

    /**
     * At start: the cluster's stored state wins, unless this instance is configured to start in
     * maintenance and the cluster is not in it (then it switches the cluster on).
     */
    public void start(boolean onAtStart) {
        Optional<Maintenance> stored;
        try {
            stored = control.storedMaintenance();
        } catch (EventBusUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Maintenance: the cluster's state could not be read at start ("
                    + e.getMessage() + "); it is read again when the bus connects");
            stored = Optional.empty();
        }
        if (onAtStart && !stored.map(Maintenance::enabled).orElse(false)) {
            switchTo(true, Optional.empty(), "configured at start (herald.maintenance / MAINTENANCE_MODE)");
        } else {
            stored.ifPresent(state -> adopt(state, "the cluster's stored state"));
        }
    }

    @Override
    public Maintenance current() {
        return lifecycle.maintenance();
    }

    @Override
    public Maintenance switchTo(boolean enabled, Optional<String> message) {
        return switchTo(enabled, message, "switched by an operator on this instance");
    }

    private Maintenance switchTo(boolean enabled, Optional<String> message, String source) {
        Maintenance next;
        synchronized (lifecycle) {
            try {
                next = lifecycle.maintenance().switchTo(enabled, message, clock.instant());
            } catch (IllegalArgumentException e) {
                throw new RejectedException(ErrorCode.BAD_REQUEST, "message: at most "
                        + Maintenance.MAX_MESSAGE_LENGTH + " characters");
            }
            adopt(next, source);
        }
        try {
            control.publishMaintenance(next);
        } catch (EventBusUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Maintenance switched " + (enabled ? "ON" : "OFF")
                    + " on this instance only: the other instances could not be told (" + e.getMessage() + ")");
        }
        return next;
    }

    private void adopt(Maintenance state, String source) {
        synchronized (lifecycle) {
            Maintenance before = lifecycle.maintenance();
            if (before.equals(state)) {
                return;
            }
            lifecycle.maintenance(state);
        }
        if (state.enabled()) {
            LOG.log(System.Logger.Level.WARNING, "Maintenance mode ON since " + state.since().map(Object::toString)
                    .orElse("?") + " (" + source + "): new connections and publishes are refused with MAINTENANCE;"
                    + " message: " + state.message().orElse("(none)"));
        } else {
            LOG.log(System.Logger.Level.INFO, "Maintenance mode OFF (" + source + "): connections and publishes"
                    + " are accepted again");
        }
    }
}
