package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.websocket.rfc6455.CloseCodes;
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

    private static final System.Logger LOG = System.getLogger(WebSocketClientChannel.class.getName());

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
    private final Heartbeat.Settings heartbeats;
    private volatile Consumer<ClientId> slowConsumerHandler = id -> {
    };
    private volatile Consumer<ClientId> deadPeerHandler = id -> {
    };

    /**
     * @param scheduler runs the forced close of clients that do not take their final frame
     * @param closer    runs session closes, which can block for seconds on a stalled client
     * @param writers   write the frames (its owner runs {@link SocketWriters#inspect()} every few ms)
     * @param heartbeats when connections are pinged and given up (its owner runs {@link #checkHeartbeats()}
     *                   every {@link Heartbeat.Settings#checkPeriod()})
     */
    public WebSocketClientChannel(OutboundBacklogLimit backlogLimit, Telemetry telemetry, Clock clock,
                                  ScheduledExecutorService scheduler, Executor closer, SocketWriters writers,
                                  Heartbeat.Settings heartbeats) {
        this.heartbeats = heartbeats;
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

    /**
     * Who is told when a connection is closed for not answering pings, so the gateway frees its slot
     * now: the transport's own close callback may come much later (a Jakarta session waits for a close
     * frame that a dead peer never sends). Called on the checking thread.
     */
    public void onDeadPeer(Consumer<ClientId> handler) {
        this.deadPeerHandler = handler;
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
                slow -> slowConsumerHandler.accept(slow), new Heartbeat(heartbeats, clock.millis(), firstPingSpread()));
        connections.put(id, connection);
        return connection;
    }

    public void closed(ClientId id) {
        connections.remove(id);
    }

    /**
     * How much sooner than the interval a new connection's first ping comes: at random within the
     * interval's second half, so connections opened together are not pinged together (measured: with
     * 10 000 connections opened within 3 s, their pings one interval later raised the p99 of the
     * deliveries in that second from 15 to over 100 ms).
     */
    private long firstPingSpread() {
        long half = heartbeats.interval().toMillis() / 2;
        return half <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(half + 1);
    }

    /** A pong from this client (answering a server ping or not): it is there and reading. */
    public void pongReceived(ClientId id) {
        ClientConnection connection = connections.get(id);
        if (connection != null) {
            connection.heartbeat().pong(clock.millis());
        }
    }

    /** Pings the connections that are due and closes those that did not answer in time. */
    public void checkHeartbeats() {
        if (!heartbeats.enabled()) {
            return;
        }
        long now = clock.millis();
        for (ClientConnection connection : connections.values()) {
            switch (connection.heartbeat().check(now)) {
                case PING -> connection.ping();
                case DEAD -> deadPeer(connection, now);
                case NOTHING -> {
                }
            }
        }
    }

    public Heartbeat.Settings heartbeats() {
        return heartbeats;
    }

    private void deadPeer(ClientConnection connection, long now) {
        long silent = connection.heartbeat().silentFor(now);
        LOG.log(System.Logger.Level.INFO, () -> "No pong within " + heartbeats.timeout().toMillis() + " ms: client "
                + connection.id() + " is gone (silent for " + silent + " ms); its connection is closed");
        telemetry.pongTimedOut();
        connections.remove(connection.id());
        connection.forceClose(CloseCodes.GOING_AWAY, "no pong");
        deadPeerHandler.accept(connection.id());
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
