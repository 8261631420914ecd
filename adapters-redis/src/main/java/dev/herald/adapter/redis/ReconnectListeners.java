package dev.herald.adapter.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Who is told, after every reconnect, that live delivery may have missed events. */
final class ReconnectListeners {

    private static final System.Logger LOG = System.getLogger(ReconnectListeners.class.getName());

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void add(Runnable listener) {
        listeners.add(listener);
    }

    void notifyReconnected() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Reconnect listener failed after a Redis reconnect", e);
            }
        }
    }
}
