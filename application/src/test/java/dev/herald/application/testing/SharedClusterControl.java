package dev.herald.application.testing;

import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.operator.Maintenance;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One cluster's controls for several fixtures: a stored state and a notice to every listener, at
 * once on the caller's thread. {@link #down(boolean)} makes it refuse, as a broker outage would;
 * {@link #reconnect()} replays the stored state, as the Redis adapter does after a reconnect.
 */
public final class SharedClusterControl implements ClusterControl {

    private final List<Consumer<ControlMessage>> listeners = new CopyOnWriteArrayList<>();
    private volatile Maintenance stored;
    private volatile boolean down;

    public void down(boolean isDown) {
        this.down = isDown;
    }

    /** Stores a state as another instance would have while this one was away (no notice). */
    public void storeQuietly(Maintenance state) {
        stored = state;
    }

    public void reconnect() {
        down = false;
        if (stored != null) {
            deliver(new ControlMessage.MaintenanceChanged(stored));
        }
    }

    @Override
    public synchronized void publishMaintenance(Maintenance state) {
        if (down) {
            throw new EventBusUnavailableException("broker down (test)", null);
        }
        stored = state;
        deliver(new ControlMessage.MaintenanceChanged(state));
    }

    @Override
    public int broadcast(ControlMessage message) {
        if (down) {
            throw new EventBusUnavailableException("broker down (test)", null);
        }
        deliver(message);
        return listeners.size(); // each instance's core listens once
    }

    @Override
    public Optional<Maintenance> storedMaintenance() {
        if (down) {
            throw new EventBusUnavailableException("broker down (test)", null);
        }
        return Optional.ofNullable(stored);
    }

    @Override
    public void addListener(Consumer<ControlMessage> listener) {
        listeners.add(listener);
    }

    private void deliver(ControlMessage message) {
        listeners.forEach(listener -> listener.accept(message));
    }
}
