package dev.herald.application.service.operations;

import dev.herald.application.port.in.DeleteJobEventsCommand;
import dev.herald.application.port.in.DeleteJobEventsUseCase;
import dev.herald.application.port.in.DeletedEvents;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.application.service.delivery.StoreOutage;
import dev.herald.domain.auth.Scope;

import java.time.Clock;

/** Deletes on demand, in the same bounded batches as the sweeper, and logs one line. */
public final class DeleteJobEventsService implements DeleteJobEventsUseCase {

    private static final System.Logger LOG = System.getLogger(DeleteJobEventsService.class.getName());

    private final EventStore store;
    private final Authenticator authenticator;
    private final Clock clock;
    private final int batchSize;

    public DeleteJobEventsService(EventStore store, Authenticator authenticator, Clock clock, int batchSize) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Override
    public DeletedEvents delete(DeleteJobEventsCommand command) {
        authenticator.authorize(command.credentials(), Scope.ADMIN, clock.instant());
        long beforeSeq = command.beforeSeq().orElse(Long.MAX_VALUE);
        try {
            Deletion total = RetentionDeletes.deleteBefore(store, command.jobId(), beforeSeq, batchSize);
            LOG.log(System.Logger.Level.INFO, "Retention: operator deleted " + total.deleted() + " event(s) of job "
                    + command.jobId() + " before seq " + (command.beforeSeq().isPresent() ? beforeSeq : "head + 1")
                    + "; first seq now " + total.firstSeq() + ", head " + total.headSeq());
            return new DeletedEvents(command.jobId(), total.deleted(), total.firstSeq(), total.headSeq());
        } catch (EventStoreUnavailableException e) {
            throw StoreOutage.rejection(e);
        }
    }
}
