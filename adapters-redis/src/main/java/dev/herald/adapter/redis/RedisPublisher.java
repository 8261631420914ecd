package dev.herald.adapter.redis;

import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.job.JobEvent;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.Pool;

import java.nio.charset.StandardCharsets;
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
        byte[] channel = JobChannels.of(event.jobId()).getBytes(StandardCharsets.US_ASCII);
        byte[] message = JobEventCodec.encode(event);
        try {
            try {
                send(channel, message);
            } catch (StaleConnectionException e) {
                // after a broker restart the pool's idle connections are all dead: drop them and
                // try once on a fresh one; while the broker is known down, fail at once instead
                pool.clear();
                if (!brokerBelievedUp.getAsBoolean()) {
                    throw e.getCause();
                }
                send(channel, message);
            }
        } catch (StaleConnectionException e) {
            throw unavailable(e.getCause());
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private void send(byte[] channel, byte[] message) throws StaleConnectionException {
        Connection connection = pool.getResource();
        try (connection) {
            connection.executeCommand(new CommandArguments(Protocol.Command.PUBLISH).add(channel).add(message));
        } catch (JedisConnectionException e) {
            throw new StaleConnectionException(e);
        }
    }

    private EventBusUnavailableException unavailable(JedisException cause) {
        metrics.publishFailed();
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
