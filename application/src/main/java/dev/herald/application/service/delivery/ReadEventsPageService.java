package dev.herald.application.service.delivery;

import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.port.in.ReadEventsPageUseCase;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.job.JobEvent;

import java.time.Clock;
import java.util.List;

public final class ReadEventsPageService implements ReadEventsPageUseCase {

    private final EventStore store;
    private final Authenticator authenticator;
    private final Clock clock;

    public ReadEventsPageService(EventStore store, Authenticator authenticator, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public EventsPage page(EventsPageQuery query) {
        authenticator.authorize(query.credentials(), Scope.SUBSCRIBE, query.jobId(), clock.instant());
        // one more than asked tells whether another page follows
        List<JobEvent> read;
        long firstSeq;
        long from;
        try {
            // asked first: a read never starts below it, even from a cache holding deleted events
            firstSeq = store.firstSeq(query.jobId());
            from = Math.max(query.afterSeq(), firstSeq - 1);
            read = store.readAfter(query.jobId(), from, query.limit() + 1);
        } catch (EventStoreUnavailableException e) {
            throw StoreOutage.rejection(e);
        }
        boolean hasMore = read.size() > query.limit();
        List<JobEvent> events = hasMore ? read.subList(0, query.limit()) : read;
        long next = events.isEmpty() ? from : events.get(events.size() - 1).seq();
        return new EventsPage(query.jobId(), events, next, hasMore, firstSeq);
    }
}
