package dev.herald.loadtest.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens WebSocket connections with the JDK client. Connections share a few {@link HttpClient}s (each
 * has one selector thread): one client per connection would cost a thread each and cannot reach
 * thousands of connections. Optionally pings every open connection at an interval, so that the idle
 * timeout leaves long runs alone.
 */
public final class WsClients implements AutoCloseable {

    private static final String PING = "{\"type\":\"ping\"}";

    private final Target target;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final List<Connection> kept = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Duration connectTimeout;
    private ScheduledFuture<?> pinging;

    public WsClients(Target target, int selectorThreads, Duration connectTimeout) {
        this.target = target;
        this.connectTimeout = connectTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, selectorThreads), r -> daemon(r, "ws-client-" + threads.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ws-keepalive"));
        for (int i = 0; i < Math.max(1, selectorThreads); i++) {
            clients.add(HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout).build());
        }
    }

    /** Opens a connection with the target's origin. */
    public CompletableFuture<Connection> connect(FrameListener listener) {
        return connect(target.origin(), listener);
    }

    public CompletableFuture<Connection> connect(String origin, FrameListener listener) {
        int index = counter.getAndIncrement();
        Connection connection = new Connection(index, listener);
        var builder = clients.get(index % clients.size()).newWebSocketBuilder().connectTimeout(connectTimeout);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        target.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder.buildAsync(target.wsUrl(), connection.webSocketListener()).thenApply(ws -> {
            synchronized (kept) {
                kept.add(connection);
            }
            return connection;
        });
    }

    /** Sends {@code ping} to every open connection every {@code interval}, spread over the interval. */
    public void keepAlive(Duration interval) {
        pinging = scheduler.scheduleAtFixedRate(() -> {
            List<Connection> snapshot;
            synchronized (kept) {
                snapshot = new ArrayList<>(kept);
            }
            snapshot.stream().filter(Connection::isOpen).forEach(c -> c.sendQuietly(PING));
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every connection opened here (in parallel) and waits up to a few seconds. */
    public void closeAll() {
        List<Connection> snapshot;
        synchronized (kept) {
            snapshot = new ArrayList<>(kept);
            kept.clear();
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Connection c : snapshot) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(Math.max(5, snapshot.size() / 500), TimeUnit.SECONDS);
        } catch (Exception e) {
            snapshot.forEach(Connection::abort);
        }
    }

    @Override
    public void close() {
        if (pinging != null) {
            pinging.cancel(false);
        }
        closeAll();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
