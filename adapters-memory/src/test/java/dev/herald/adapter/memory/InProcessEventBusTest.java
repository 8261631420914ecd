package dev.herald.adapter.memory;

import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

class InProcessEventBusTest {

    /** The runtime set-up: deliveries on one dispatcher thread. */
    @Nested
    class OnADispatcherThread extends EventBusContract {

        private final ExecutorService dispatcher = Executors.newSingleThreadExecutor();
        private final InProcessEventBus bus = new InProcessEventBus(dispatcher);

        @Override
        protected EventBus bus() {
            return bus;
        }

        @AfterEach
        void stop() {
            dispatcher.shutdownNow();
        }
    }

    /** The test-fake set-up: deliveries on the publisher's thread. */
    @Nested
    class OnThePublishersThread extends EventBusContract {

        private final InProcessEventBus bus = new InProcessEventBus(Runnable::run);

        @Override
        protected EventBus bus() {
            return bus;
        }
    }
}
