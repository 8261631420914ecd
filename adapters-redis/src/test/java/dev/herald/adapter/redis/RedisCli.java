package dev.herald.adapter.redis;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Raw commands for tests, on a new connection each (so a restarted server is no problem). */
final class RedisCli {

    private final int port;
    private final String password;

    private RedisCli(int port, String password) {
        this.port = port;
        this.password = password;
    }

    static RedisCli on(int port) {
        return new RedisCli(port, null);
    }

    static RedisCli on(int port, String password) {
        return new RedisCli(port, password);
    }

    /** How many connections are subscribed to the channel. */
    long subscribers(String channel) {
        List<?> reply = (List<?>) run(new CommandArguments(Protocol.Command.PUBSUB).add("NUMSUB").add(channel));
        return (Long) reply.get(1);
    }

    void publish(String channel, byte[] message) {
        run(new CommandArguments(Protocol.Command.PUBLISH).add(channel).add(message));
    }

    /** Time to live of a key in ms (-2: no such key, -1: no expiry). */
    long pttl(String key) {
        return (Long) run(new CommandArguments(Protocol.Command.PTTL).add(key));
    }

    void set(String key, byte[] value) {
        run(new CommandArguments(Protocol.Command.SET).add(key).add(value));
    }

    /** Cuts every subscriber connection (their clients reconnect): a broker blip without a restart. */
    void killSubscribers() {
        run(new CommandArguments(Protocol.Command.CLIENT).add("KILL").add("TYPE").add("pubsub"));
    }

    String clientList() {
        return new String((byte[]) run(new CommandArguments(Protocol.Command.CLIENT).add("LIST")),
                StandardCharsets.UTF_8);
    }

    private Object run(CommandArguments command) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().socketTimeoutMillis(2_000);
        if (password != null) {
            config.password(password);
        }
        try (Connection connection = new Connection(new HostAndPort("127.0.0.1", port), config.build())) {
            return connection.executeCommand(command);
        }
    }
}
