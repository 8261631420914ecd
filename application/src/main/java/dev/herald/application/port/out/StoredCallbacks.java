package dev.herald.application.port.out;

import dev.herald.domain.job.JobEvent;

import java.util.function.Consumer;

/**
 * Runs an append's {@code onStored} for {@link EventStore} adapters: its failure is logged and
 * goes no further, because the event is stored whatever the callback does.
 */
public final class StoredCallbacks {

    private static final System.Logger LOG = System.getLogger(StoredCallbacks.class.getName());

    private StoredCallbacks() {
    }

    public static void run(Consumer<JobEvent> onStored, JobEvent event) {
        try {
            onStored.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The stored-event callback failed for job " + event.jobId() + " seq "
                    + event.seq() + "; the event is stored", e);
        }
    }
}
