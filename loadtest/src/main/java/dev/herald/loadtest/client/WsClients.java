package dev.herald.loadtest.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens WebSocket connections, with the lean NIO client ({@link WsClientKind#NIO}, ws:// only) or
 * the JDK client (also every wss:// URL: the lean client has no TLS). Optionally pings every open
 * connection at an interval, so that the idle timeout leaves long runs alone.
 */
public final class WsClients implements AutoCloseable {

    private static final String PING = "{\"type\":\"ping\"}";

    private final Target target;
    private final WsDialer dialer;
    private final ScheduledExecutorService scheduler;
    private final List<Connection> kept = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private ScheduledFuture<?> pinging;

    /** The JDK client, as before the lean one existed. */
    public WsClients(Target target, int selectorThreads, Duration connectTimeout) {
        this(target, selectorThreads, connectTimeout, WsClientKind.JDK);
    }

    /** {@code threads}: event loops of the NIO client, or selector threads of the JDK one. */
    public WsClients(Target target, int threads, Duration connectTimeout, WsClientKind kind) {
        this(target, threads, connectTimeout, kind, false);
    }

    /** {@code compression}: the NIO client offers permessage-deflate (the JDK client has no extensions). */
    public WsClients(Target target, int threads, Duration connectTimeout, WsClientKind kind, boolean compression) {
        this.target = target;
        this.dialer = effectiveKind(target, kind) == WsClientKind.NIO
                ? new NioWsDialer(target, threads, connectTimeout, compression)
                : new JdkWsDialer(target, threads, connectTimeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-keepalive");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Clients that follow jobs over Server-Sent Events ({@code GET /api/jobs/{jobId}/stream}) instead of
     * the WebSocket: scenarios send {@code subscribe} and read frames as before ({@link SseDialer}).
     */
    public static WsClients sse(Target target, Duration connectTimeout) {
        return new WsClients(target, new SseDialer(target, connectTimeout));
    }

    private WsClients(Target target, WsDialer dialer) {
        this.target = target;
        this.dialer = dialer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-keepalive");
            t.setDaemon(true);
            return t;
        });
    }

    /** The client actually used: wss:// always goes to the JDK client. */
    public static WsClientKind effectiveKind(Target target, WsClientKind wanted) {
        return "wss".equals(target.wsUrl().getScheme()) ? WsClientKind.JDK : wanted;
    }

    /** Opens a connection with the target's origin. */
    public CompletableFuture<Connection> connect(FrameListener listener) {
        return connect(target.origin(), listener);
    }

    public CompletableFuture<Connection> connect(String origin, FrameListener listener) {
        Connection connection = new Connection(counter.getAndIncrement(), listener);
        return dialer.open(connection, origin).thenApply(opened -> {
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
        dialer.close();
    }
}
