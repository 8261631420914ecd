package dev.herald.adapter.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** Turns {@link RedisSettings} into Jedis connections: the subscriber's own one and the publisher pool. */
final class RedisConnections {

    private final RedisSettings settings;
    private final RedisEndpoint endpoint;

    RedisConnections(RedisSettings settings) {
        this.settings = settings;
        this.endpoint = settings.endpoint();
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Connects, authenticates and selects the database; bounded by the connect and socket timeouts. */
    Connection openSubscriberConnection() {
        return new Connection(new HostAndPort(endpoint.host(), endpoint.port()), clientConfig("herald-subscriber"));
    }

    /** A pool that connects lazily: building it does not need the broker. */
    RedisClient newPublisherClient() {
        return newPooledClient("herald-publisher");
    }

    /** As {@link #newPublisherClient()}, its connections named {@code clientName} (CLIENT LIST shows it). */
    RedisClient newPooledClient(String clientName) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        // an exhausted pool must not make a publish hang: wait no longer than a connect may take
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.connectTimeout());
        return RedisClient.builder()
                .hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(clientConfig(clientName))
                .poolConfig(pool)
                .build();
    }

    JedisClientConfig clientConfig(String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                .database(endpoint.database())
                .clientName(clientName)
                // Jedis 8 negotiates RESP3 by default, and then its pub/sub ping() breaks: Redis
                // answers PING with a plain reply that JedisPubSub rejects ("Unexpected message"),
                // killing the connection. RESP2 answers with a ["pong", token] message.
                .protocol(RedisProtocol.RESP2);
        endpoint.user().ifPresent(config::user);
        endpoint.password().ifPresent(config::password);
        if (endpoint.tls()) {
            // FULL: the JVM's trust store must vouch for the chain, and the certificate must name the host
            config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        return config.build();
    }
}
