package dev.herald.application.port.in;

/** Retention on demand: deletes a job's events below a seq (or all), keeping its head. Needs {@code admin} when auth is on. */
public interface DeleteJobEventsUseCase {

    DeletedEvents delete(DeleteJobEventsCommand command);
}
