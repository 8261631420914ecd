package dev.herald.adapter.redis;

import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.presence.PresenceNotice;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.Pool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Publishes through a connection pool (one Jedis connection is not thread-safe). Every step is
 * bounded by the connect and socket timeouts, so a broker outage makes a publish fail, not hang.
 */
final class RedisPublisher implements AutoCloseable {

    private final RedisClient client;
    private final Pool<Connection> pool;
    private final BusMetrics metrics;
    private final String address;
    private final BooleanSupplier brokerBelievedUp;

    /** @param brokerBelievedUp whether the subscriber connection currently works */
    RedisPublisher(RedisConnections connections, BusMetrics metrics, BooleanSupplier brokerBelievedUp) {
        this.client = connections.newPublisherClient();
        this.pool = client.getPool();
        this.metrics = metrics;
        this.address = connections.endpoint().address();
        this.brokerBelievedUp = brokerBelievedUp;
    }

    void publish(JobEvent event) {
        publishAll(List.of(event));
    }

    /** A relayed event: one PUBLISH on the job's channel, as a stored event's. */
    void relay(RelayedEvent event) {
        publish(List.of(new CommandArguments(Protocol.Command.PUBLISH)
                .add(JobChannels.of(event.jobId()).getBytes(StandardCharsets.US_ASCII))
                .add(JobEventCodec.encode(event))));
    }

    /**
     * One job's events, in order, on one connection as one pipeline: every PUBLISH written, then
     * every reply read, one round trip for the batch (the gateway forwards a job's events in
     * batches: the appends one store write took). Redis runs a connection's commands in order.
     */
    void publishAll(List<JobEvent> events) {
        List<CommandArguments> commands = new ArrayList<>(events.size());
        for (JobEvent event : events) {
            commands.add(new CommandArguments(Protocol.Command.PUBLISH)
                    .add(JobChannels.of(event.jobId()).getBytes(StandardCharsets.US_ASCII))
                    .add(JobEventCodec.encode(event)));
        }
        publish(commands);
    }

    /** On the job's channel, so only the instances holding the job hear it. */
    void publishPresence(PresenceNotice notice) {
        publish(List.of(new CommandArguments(Protocol.Command.PUBLISH)
                .add(JobChannels.of(notice.membership().jobId()).getBytes(StandardCharsets.US_ASCII))
                .add(PresenceNoticeCodec.encode(notice))));
    }

    private void publish(List<CommandArguments> commands) {
        try {
            try {
                send(commands);
            } catch (StaleConnectionException e) {
                // after a broker restart the pool's idle connections are all dead: drop them and
                // try once on a fresh one; while the broker is known down, fail at once instead
                // (a retried batch may publish some events twice: the bus is at most once, and
                // subscriptions drop what they hold already)
                pool.clear();
                if (!brokerBelievedUp.getAsBoolean()) {
                    throw e.getCause();
                }
                send(commands);
            }
        } catch (StaleConnectionException e) {
            throw unavailable(e.getCause(), commands.size());
        } catch (JedisException e) {
            throw unavailable(e, commands.size());
        }
    }

    private void send(List<CommandArguments> commands) throws StaleConnectionException {
        Connection connection = pool.getResource();
        try (connection) {
            if (commands.size() == 1) {
                connection.executeCommand(commands.get(0));
                return;
            }
            for (CommandArguments command : commands) {
                connection.sendCommand(command);
            }
            for (Object reply : connection.getMany(commands.size())) {
                if (reply instanceof JedisException refused) { // an error reply, e.g. NOAUTH or OOM
                    throw refused;
                }
            }
        } catch (JedisConnectionException e) {
            throw new StaleConnectionException(e);
        }
    }

    private EventBusUnavailableException unavailable(JedisException cause, int events) {
        metrics.publishFailed(events);
        return new EventBusUnavailableException("Redis at " + address + " did not take the publication: "
                + Failures.describe(cause), cause);
    }

    @Override
    public void close() {
        client.close();
    }

    /** The borrowed connection broke while in use: it may have been a dead one left in the pool. */
    private static final class StaleConnectionException extends Exception {

        StaleConnectionException(JedisConnectionException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized JedisConnectionException getCause() {
            return (JedisConnectionException) super.getCause();
        }
    }
}
