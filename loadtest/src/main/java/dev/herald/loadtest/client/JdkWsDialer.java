package dev.herald.loadtest.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens connections with the JDK client (the only one that speaks wss://). Connections share a few
 * {@link HttpClient}s (each has one selector thread): one client per connection would cost a thread
 * each and cannot reach thousands of connections.
 */
final class JdkWsDialer implements WsDialer {

    private final Target target;
    private final Duration connectTimeout;
    private final ExecutorService executor;
    private final List<HttpClient> clients = new ArrayList<>();

    JdkWsDialer(Target target, int selectorThreads, Duration connectTimeout) {
        this.target = target;
        this.connectTimeout = connectTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, selectorThreads), r -> {
            Thread t = new Thread(r, "ws-client-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < Math.max(1, selectorThreads); i++) {
            clients.add(HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout).build());
        }
    }

    @Override
    public CompletableFuture<Void> open(Connection connection, String origin) {
        var builder = clients.get(Math.floorMod(connection.index(), clients.size())).newWebSocketBuilder().connectTimeout(connectTimeout);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        target.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder.buildAsync(target.wsUrl(), new JdkWsSocket(connection)).thenApply(ws -> null);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
