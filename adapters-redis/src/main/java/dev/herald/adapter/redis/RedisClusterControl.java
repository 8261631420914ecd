package dev.herald.adapter.redis;

import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.operator.Maintenance;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster's controls in Redis: the maintenance state in the key {@value #MAINTENANCE_KEY} (so
 * an instance that starts later reads it), every control message on the channel
 * {@value #CHANNEL}, received through the event bus's subscriber connection (so it is subscribed
 * again after every reconnect). After a reconnect the stored state is read again: a switch made
 * while this instance could not hear it is not missed. A key that is gone after a reconnect (Redis
 * restarted without persistence) is written back from the last state this instance knew, if no other
 * instance did so first: a circuit breaker must not switch itself off with a Redis restart.
 */
public final class RedisClusterControl implements ClusterControl, AutoCloseable {

    static final String MAINTENANCE_KEY = "herald:control:maintenance";
    static final String CHANNEL = "herald:control";
    private static final System.Logger LOG = System.getLogger(RedisClusterControl.class.getName());
    /** Store, then announce, in one step: instances hear competing switches in the order they were stored. */
    private static final String STORE_AND_ANNOUNCE = """
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PUBLISH', ARGV[2], ARGV[1])
            return 1
            """;

    private final RedisClient client;
    private final String address;
    private final List<Consumer<ControlMessage>> listeners = new CopyOnWriteArrayList<>();
    /** The maintenance state last stored, heard or read here (encoded); null before any. */
    private volatile byte[] lastKnown;

    private RedisClusterControl(RedisConnections connections) {
        this.client = connections.newPooledClient("herald-control");
        this.address = connections.endpoint().address();
    }

    /** Listens on {@code bus}'s subscriber connection; connects lazily (a Redis that is down does not fail the start). */
    public static RedisClusterControl start(RedisSettings settings, RedisEventBus bus) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(bus, "bus");
        RedisClusterControl control = new RedisClusterControl(new RedisConnections(settings));
        bus.listenToControl(CHANNEL, control::received);
        bus.addReconnectListener(control::rereadAfterReconnect);
        return control;
    }

    @Override
    public void publishMaintenance(Maintenance state) {
        byte[] encoded = ControlMessageCodec.encodeMaintenance(state);
        lastKnown = encoded;
        call("store the maintenance state", () -> client.eval(STORE_AND_ANNOUNCE.getBytes(StandardCharsets.UTF_8),
                List.of(MAINTENANCE_KEY.getBytes(StandardCharsets.UTF_8)),
                List.of(encoded, CHANNEL.getBytes(StandardCharsets.UTF_8))));
    }

    /** One PUBLISH on the control channel; Redis answers how many subscribers (instances) got it. */
    @Override
    public int broadcast(ControlMessage message) {
        byte[] encoded = ControlMessageCodec.encode(message);
        Long reached = call("publish a control message", () -> client.publish(CHANNEL.getBytes(StandardCharsets.UTF_8),
                encoded));
        return reached == null ? 0 : reached.intValue();
    }

    @Override
    public Optional<Maintenance> storedMaintenance() {
        byte[] stored = call("read the maintenance state", () -> client.get(MAINTENANCE_KEY.getBytes(StandardCharsets.UTF_8)));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            Optional<Maintenance> state = Optional.of(ControlMessageCodec.decodeMaintenance(stored));
            lastKnown = stored;
            return state;
        } catch (MalformedMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignored the unreadable maintenance state in Redis key "
                    + MAINTENANCE_KEY + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void addListener(Consumer<ControlMessage> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** On the subscriber thread. */
    private void received(byte[] bytes) {
        ControlMessage message;
        try {
            message = ControlMessageCodec.decode(bytes);
        } catch (MalformedMessageException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a malformed message on Redis channel " + CHANNEL + " ("
                    + bytes.length + " bytes): " + e.getMessage());
            return;
        }
        if (message instanceof ControlMessage.MaintenanceChanged changed) {
            lastKnown = ControlMessageCodec.encodeMaintenance(changed.state());
        }
        deliver(message);
    }

    private void rereadAfterReconnect() {
        try {
            byte[] known = lastKnown;
            if (known != null && "OK".equals(call("write back the maintenance state", () -> client.set(
                    MAINTENANCE_KEY.getBytes(StandardCharsets.UTF_8), known, SetParams.setParams().nx())))) {
                LOG.log(System.Logger.Level.WARNING, "The maintenance state was gone from Redis after the reconnect"
                        + " (a restart without persistence?): wrote back the last state this instance knew");
            }
            storedMaintenance().ifPresent(state -> deliver(new ControlMessage.MaintenanceChanged(state)));
        } catch (EventBusUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read the maintenance state after the reconnect: "
                    + e.getMessage());
        }
    }

    private void deliver(ControlMessage message) {
        for (Consumer<ControlMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                // a listener's bug must neither starve the others nor kill the subscriber thread
                LOG.log(System.Logger.Level.ERROR, "Control listener failed for " + message.getClass().getSimpleName(), e);
            }
        }
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return StaleRetry.once(command);
        } catch (JedisException e) {
            throw new EventBusUnavailableException("Redis at " + address + " could not " + what + ": "
                    + Failures.describe(e), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
