package dev.herald.application.service.delivery;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;

/** An event store outage, as callers of a use case see it: {@code STORE_UNAVAILABLE}. */
public final class StoreOutage {

    private static final System.Logger LOG = System.getLogger(StoreOutage.class.getName());

    private StoreOutage() {
    }

    public static RejectedException rejection(EventStoreUnavailableException e) {
        LOG.log(System.Logger.Level.WARNING, () -> "Event store unavailable: " + e.getMessage());
        return new RejectedException(ErrorCode.STORE_UNAVAILABLE, "The event store is unavailable; retry shortly");
    }
}
