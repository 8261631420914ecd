package dev.herald.application.service.clients;

import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.Maintenance;

import java.util.Optional;

/**
 * Whether this instance is draining (refusing new connections before it stops), and whether the
 * cluster is in maintenance (refusing new connections and publishes for a while).
 */
public final class GatewayLifecycle {

    private static final System.Logger LOG = System.getLogger(GatewayLifecycle.class.getName());

    private volatile boolean draining;
    private volatile Maintenance maintenance = Maintenance.off();

    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }

    public Maintenance maintenance() {
        return maintenance;
    }

    public void maintenance(Maintenance state) {
        maintenance = state;
    }

    /** The refusal of a new connection or a publish while maintenance is on. */
    Optional<Rejection> maintenanceRefusal() {
        Maintenance current = maintenance;
        return current.enabled() ? Optional.of(current.rejection()) : Optional.empty();
    }

    /** @throws RejectedException {@code MAINTENANCE} while maintenance is on (logged with the job) */
    public void refusePublishInMaintenance(JobId jobId) {
        Optional<Rejection> refusal = maintenanceRefusal();
        if (refusal.isPresent()) {
            LOG.log(System.Logger.Level.INFO, () -> "Publish refused for job " + jobId + ": maintenance mode is on");
            throw new RejectedException(refusal.get());
        }
    }
}
