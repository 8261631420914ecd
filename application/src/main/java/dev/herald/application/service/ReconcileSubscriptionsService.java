package dev.herald.application.service;

import dev.herald.application.port.in.ReconcileSubscriptionsUseCase;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.domain.job.JobId;

import java.util.Map;
import java.util.Set;

/** One head read per followed job, then every subscription that is behind repairs itself. */
public final class ReconcileSubscriptionsService implements ReconcileSubscriptionsUseCase {

    private static final System.Logger LOG = System.getLogger(ReconcileSubscriptionsService.class.getName());

    private final JobRooms rooms;
    private final EventStore store;

    ReconcileSubscriptionsService(JobRooms rooms, EventStore store) {
        this.rooms = rooms;
        this.store = store;
    }

    @Override
    public void reconcile() {
        Set<JobId> jobs = rooms.jobs();
        if (jobs.isEmpty()) {
            return;
        }
        Map<JobId, Long> heads;
        try {
            heads = store.headSeqs(jobs);
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Reconciliation skipped: event store unavailable (" + e.getMessage() + ")");
            return;
        }
        for (JobRoom room : rooms.all()) {
            long head = heads.getOrDefault(room.jobId(), 0L);
            for (LiveSubscription subscription : room.members()) {
                subscription.reconcile(head);
            }
        }
    }
}
