package dev.herald.distribution.browser;

import dev.herald.distribution.LibertyNode;

import java.net.URI;
import java.util.Map;

/**
 * A packaged gateway started as a process ({@link LibertyNode}: the server zip this module built,
 * {@code server run herald}, free ports, own server directory), as the browser tests use it.
 */
final class Gateway implements AutoCloseable {

    private final LibertyNode node;

    Gateway(String name, Map<String, String> environment) {
        node = new LibertyNode(name, environment);
    }

    /** Starts the server and waits until /health/ready answers 200. */
    Gateway start() {
        node.start();
        return this;
    }

    /** SIGTERM (the gateway drains its clients with SHUTTING_DOWN, 1001), then waits for the exit. */
    void stop() {
        node.stop();
    }

    /** {@code http://127.0.0.1:PORT/}; the same across restarts. */
    URI base() {
        return node.base();
    }

    @Override
    public void close() {
        node.close();
    }
}
