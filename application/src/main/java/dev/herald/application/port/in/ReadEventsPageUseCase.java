package dev.herald.application.port.in;

/** One page of a job's stored events, for REST clients that poll or backfill. */
public interface ReadEventsPageUseCase {

    EventsPage page(EventsPageQuery query);
}
