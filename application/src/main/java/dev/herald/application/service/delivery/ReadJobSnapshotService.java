package dev.herald.application.service.delivery;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.ReadJobSnapshotUseCase;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.JobSnapshot;
import dev.herald.domain.job.TerminalEventTypes;

import java.time.Clock;
import java.util.Optional;

/** Reading a job's events needs the same grant as following it: {@code subscribe} on the job. */
public final class ReadJobSnapshotService implements ReadJobSnapshotUseCase {

    private final EventStore store;
    private final TerminalEventTypes terminalTypes;
    private final Authenticator authenticator;
    private final Clock clock;

    public ReadJobSnapshotService(EventStore store, TerminalEventTypes terminalTypes, Authenticator authenticator, Clock clock) {
        this.store = store;
        this.terminalTypes = terminalTypes;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public Optional<JobSnapshot> snapshot(JobId jobId, Credentials credentials) {
        authenticator.authorize(credentials, Scope.SUBSCRIBE, jobId, clock.instant());
        try {
            return store.facts(jobId).map(facts -> JobSnapshot.of(facts, terminalTypes));
        } catch (EventStoreUnavailableException e) {
            throw StoreOutage.rejection(e);
        }
    }
}
