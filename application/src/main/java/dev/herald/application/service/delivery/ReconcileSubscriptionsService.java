package dev.herald.application.service.delivery;

import dev.herald.application.port.in.ReconcileSubscriptionsUseCase;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.domain.job.JobId;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One head read per followed job, then every subscription that is behind (or stuck behind) repairs itself. */
public final class ReconcileSubscriptionsService implements ReconcileSubscriptionsUseCase {

    private static final System.Logger LOG = System.getLogger(ReconcileSubscriptionsService.class.getName());

    private final JobRooms rooms;
    private final EventStore store;
    /** The heads read by the previous periodic round; guarded by {@code this}. */
    private Map<JobId, Long> headsAtPreviousRound = Map.of();

    public ReconcileSubscriptionsService(JobRooms rooms, EventStore store) {
        this.rooms = rooms;
        this.store = store;
    }

    @Override
    public void reconcile() {
        readHeads().ifPresent(heads -> {
            for (JobRoom room : rooms.all()) {
                long head = heads.getOrDefault(room.jobId(), 0L);
                for (LiveSubscription subscription : room.members()) {
                    subscription.reconcile(head);
                }
            }
        });
    }

    @Override
    public synchronized void reconcileStuck() {
        Optional<Map<JobId, Long>> read = readHeads();
        if (read.isEmpty()) {
            return;
        }
        for (JobRoom room : rooms.all()) {
            // a job first seen this round has no earlier head: nothing of it is overdue yet
            long previousHead = headsAtPreviousRound.getOrDefault(room.jobId(), 0L);
            for (LiveSubscription subscription : room.members()) {
                subscription.reconcileIfStuck(previousHead);
            }
        }
        headsAtPreviousRound = read.get();
    }

    private Optional<Map<JobId, Long>> readHeads() {
        Set<JobId> jobs = rooms.jobs();
        if (jobs.isEmpty()) {
            return Optional.of(Map.of());
        }
        try {
            return Optional.of(store.headSeqs(jobs));
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Reconciliation skipped: event store unavailable (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
