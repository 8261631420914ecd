package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The application's way to WebSocket clients: one {@link ClientConnection} per open session.
 * Encoding happens here, once per event frame (see {@link MessageEncoder}).
 */
public final class WebSocketClientChannel implements ClientChannel {

    /** How long a closing connection may take to flush its error frame before it is cut. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Map<ClientId, ClientConnection> connections = new ConcurrentHashMap<>();
    private final MessageEncoder encoder = new MessageEncoder();
    private final OutboundBacklogLimit backlogLimit;
    private final Telemetry telemetry;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor closer;
    private final SocketWriters writers;
    private volatile Consumer<ClientId> slowConsumerHandler = id -> {
    };

    /**
     * @param scheduler runs the forced close of clients that do not take their final frame
     * @param closer    runs session closes, which can block for seconds on a stalled client
     * @param writers   write the frames (its owner runs {@link SocketWriters#inspect()} every few ms)
     */
    public WebSocketClientChannel(OutboundBacklogLimit backlogLimit, Telemetry telemetry, Clock clock,
                                  ScheduledExecutorService scheduler, Executor closer, SocketWriters writers) {
        this.backlogLimit = backlogLimit;
        this.telemetry = telemetry;
        this.clock = clock;
        this.scheduler = scheduler;
        this.closer = closer;
        this.writers = writers;
    }

    /**
     * Who is told when a client's backlog passes the limit. Called on the sending thread, which may
     * hold application locks: the handler must hand the work to another thread.
     */
    public void onSlowConsumer(Consumer<ClientId> handler) {
        this.slowConsumerHandler = handler;
    }

    /** Runs a task once the grace a closing client gets to read its close frame has passed. */
    public void afterCloseGrace(Runnable task) {
        scheduler.schedule(task, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs closes that can block for seconds on a stalled client, never on a writer thread. */
    public Executor closer() {
        return closer;
    }

    /** How long one write may wait for its client. */
    public Duration writeTimeout() {
        return writers.writeTimeout();
    }

    public ClientConnection open(ClientId id, FrameSink sink) {
        ClientConnection connection = new ClientConnection(id, sink, writers, backlogLimit, telemetry, clock,
                slow -> slowConsumerHandler.accept(slow));
        connections.put(id, connection);
        return connection;
    }

    public void closed(ClientId id) {
        connections.remove(id);
    }

    @Override
    public void send(ClientId client, ServerMessage message) {
        ClientConnection connection = connections.get(client);
        if (connection != null) {
            connection.send(encoder.encode(message));
        }
    }

    @Override
    public void close(ClientId client, ServerMessage.Error finalError, int closeCode) {
        ClientConnection connection = connections.get(client);
        if (connection == null) {
            return;
        }
        connection.close(OutboundFrame.of(MessageEncoder.text(finalError)), closeCode, closeReason(finalError));
        // a client that does not read would keep the error frame, and so the close, waiting forever
        afterCloseGrace(connection::forceClose);
    }

    @Override
    public boolean hasRoom(ClientId client) {
        ClientConnection connection = connections.get(client);
        return connection != null && connection.hasRoom();
    }

    /** Connections whose socket is still open (a server stop can drop sockets without a close callback). */
    public int openConnections() {
        int open = 0;
        for (ClientConnection connection : connections.values()) {
            if (connection.isOpen()) {
                open++;
            }
        }
        return open;
    }

    Collection<ClientConnection> connections() {
        return List.copyOf(connections.values());
    }

    /** The close frame's reason: the error code, which always fits the 123-byte limit. */
    private static String closeReason(ServerMessage.Error error) {
        return error.code().name();
    }
}
