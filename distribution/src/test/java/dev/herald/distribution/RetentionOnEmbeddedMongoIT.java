package dev.herald.distribution;

import java.util.Map;

/** {@link RetentionIT} on the embedded MongoDB, whose heads collection keeps a job's head when its events are gone. */
class RetentionOnEmbeddedMongoIT extends RetentionIT {

    @Override
    protected String name() {
        return "retention-mongo";
    }

    @Override
    protected Map<String, String> storeEnvironment() {
        return Map.of("HERALD_EVENT_STORE", "mongo");
    }
}
