package dev.herald.application.service.operations;

import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.domain.operator.Maintenance;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cluster of one: an instance on the in-process bus shares its controls with nobody, so what
 * it sends, it hears itself, and its state lives as long as it does.
 */
public final class StandaloneClusterControl implements ClusterControl {

    private final List<Consumer<ControlMessage>> listeners = new CopyOnWriteArrayList<>();
    private volatile Maintenance stored;

    @Override
    public synchronized void publishMaintenance(Maintenance state) {
        stored = state;
        deliver(new ControlMessage.MaintenanceChanged(state));
    }

    @Override
    public int broadcast(ControlMessage message) {
        deliver(message);
        return 1;
    }

    @Override
    public Optional<Maintenance> storedMaintenance() {
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
