package dev.herald.adapter.mongo;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Readiness of the MongoDB event store: DOWN while the database does not answer a ping. A plain
 * class; bootstrap produces it as a {@code @Readiness} check.
 */
public final class MongoHealthCheck implements HealthCheck {

    public static final String NAME = "event-store";

    private final MongoEventStore store;

    public MongoHealthCheck(MongoEventStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable = store.ping();
        // the constructor, not HealthCheckResponse.named(): that needs a runtime provider on the classpath
        return new HealthCheckResponse(NAME, reachable ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(Map.of("store", "mongodb", "database", store.databaseName(), "reachable", reachable)));
    }
}
