package dev.herald.bootstrap;

import dev.herald.adapter.websocket.connection.SocketWriters;
import dev.herald.application.cache.RecentEventsCache;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.service.HeraldCore;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobId;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Herald's metrics in MicroProfile Metrics, scraped as Prometheus text from {@code /metrics}
 * (names {@code herald_*}). Counters on the delivery path are looked up once and kept.
 */
final class MicroProfileTelemetry implements Telemetry {

    private final MetricRegistry registry;
    private final AtomicLong activeConnections = new AtomicLong();
    private final AtomicLong activeSubscriptions = new AtomicLong();
    private final Counter connectionsOpened;
    private final Map<ErrorCode, Counter> rejections = new EnumMap<>(ErrorCode.class);
    private final Map<ErrorCode, Counter> connectionRejections = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> messagesByType = new ConcurrentHashMap<>();
    /** By namespace: the configured ones and "default", so the tag's values are bounded by configuration. */
    private final Map<String, Counter> clientPublishes = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventsRelayed = new ConcurrentHashMap<>();
    private final Map<String, Counter> creationsRefused = new ConcurrentHashMap<>();
    private final Counter relayedDelivered;
    private final Counter parseFailures;
    private final Counter pongTimeouts;
    private final Counter compressedFrames;
    private final Counter compressionSavedBytes;
    private final Map<Integer, Counter> protocolViolations = new ConcurrentHashMap<>();
    private final Counter eventsPublished;
    private final Counter liveDelivered;
    private final Counter replayDelivered;
    private final Counter busPublishFailures;
    private final Counter publishesReplayed;
    private final Counter gapRepairs;
    private final Counter gapRepairedEvents;
    private final Counter tokenRefreshes;
    private final Map<ErrorCode, Counter> tokenRefreshRefusals = new ConcurrentHashMap<>();
    private final Counter tokenExpirations;
    private final Counter tokenExpiryCloses;
    private final Timer catchUpDuration;
    private final Timer publishToSend;

    MicroProfileTelemetry(MetricRegistry registry) {
        this.registry = registry;
        registry.gauge(meta("herald.connections.active", "Open WebSocket connections", MetricUnits.NONE),
                activeConnections, AtomicLong::get);
        registry.gauge(meta("herald.subscriptions.active", "Subscriptions held by connected clients", MetricUnits.NONE),
                activeSubscriptions, AtomicLong::get);
        connectionsOpened = registry.counter(meta("herald.connections.opened", "WebSocket connections admitted"));
        for (ErrorCode code : ErrorCode.values()) {
            Tag tag = new Tag("code", code.name());
            rejections.put(code, registry.counter(meta("herald.rejections",
                    "Errors answered to clients (WebSocket and REST), by contract code"), tag));
            connectionRejections.put(code, registry.counter(meta("herald.connections.rejected",
                    "Connections refused at admission, by contract code"), tag));
        }
        for (String type : new String[]{"subscribe", "unsubscribe", "publish", "presence", "ping", "refresh", "invalid",
                "binary"}) {
            messageReceived(type, 0); // registered up front, so dashboards see every series from the start
        }
        parseFailures = registry.counter(meta("herald.messages.parse.failures",
                "Inbound frames that were not valid requests (malformed JSON, unknown type, binary)"));
        pongTimeouts = registry.counter(meta("herald.socket.pong.timeouts",
                "WebSocket connections closed because their client stopped answering the server's pings"));
        compressedFrames = registry.counter(meta("herald.socket.compressed.frames",
                "Frames sent compressed (permessage-deflate), one per connection they went to"));
        compressionSavedBytes = registry.counter(meta("herald.socket.compression.saved.bytes",
                "Bytes compression kept off the wire: plain frame size minus compressed frame size, per frame sent"));
        for (int code : new int[]{1002, 1007}) {
            protocolViolation(code, 0);
        }
        eventsPublished = registry.counter(meta("herald.events.published", "Events stored and forwarded"));
        liveDelivered = registry.counter(meta("herald.events.delivered", "Events handed to client connections"),
                new Tag("replay", "false"));
        replayDelivered = registry.counter(meta("herald.events.delivered", "Events handed to client connections"),
                new Tag("replay", "true"));
        publishesReplayed = registry.counter(meta("herald.publish.replayed",
                "Publishes that repeated an Idempotency-Key: nothing stored, the first answer given again"));
        busPublishFailures = registry.counter(meta("herald.bus.publish.failures",
                "Live publications the broker did not take (delivered by reconciliation)"));
        gapRepairs = registry.counter(meta("herald.gap.repairs", "Subscription repairs that read missed events from the store"));
        gapRepairedEvents = registry.counter(meta("herald.gap.repaired.events", "Events delivered by repairs"));
        relayedDelivered = registry.counter(meta("herald.relayed.delivered",
                "Events of ephemeral channels handed to client connections (one per recipient)"));
        tokenRefreshes = registry.counter(meta("herald.token.refreshes",
                "Connections whose token was replaced by a refresh"));
        for (ErrorCode code : new ErrorCode[]{ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN}) {
            tokenRefreshRefusals.put(code, registry.counter(meta("herald.token.refresh.failures",
                    "Refreshes refused (the connection kept its token), by contract code"), new Tag("code", code.name())));
        }
        tokenExpirations = registry.counter(meta("herald.token.expirations",
                "Connections told their token expired (TOKEN_EXPIRED)"));
        tokenExpiryCloses = registry.counter(meta("herald.token.expiry.closes",
                "Connections closed because their token expired and was not refreshed within the grace period"));
        catchUpDuration = registry.timer(meta("herald.catchup.duration", "Subscribe-to-caught-up time", MetricUnits.SECONDS));
        publishToSend = registry.timer(meta("herald.publish.to.send", "Time from publication to a live event frame being written",
                MetricUnits.SECONDS));
    }

    /** Gauges of the bus's own state (connected, reconnects), read when scraped. */
    void watchBus(EventBus bus) {
        registry.gauge(meta("herald.event.bus.connected", "1 when the event bus is connected", MetricUnits.NONE),
                bus, b -> b.state().connected() ? 1 : 0);
        registry.gauge(meta("herald.event.bus.reconnects", "Successful event bus reconnects", MetricUnits.NONE),
                bus, b -> b.state().reconnects());
        registry.gauge(meta("herald.event.bus.reconnect.attempts", "Event bus connection attempts after a loss",
                MetricUnits.NONE), bus, b -> b.state().reconnectAttempts());
    }

    /** Presence held by this instance, read when scraped (sum over instances for a cluster's total). */
    void watchPresence(HeraldCore core) {
        registry.gauge(meta("herald.presence.members",
                "Presence members this instance holds (its connections subscribed to channels with presence)",
                MetricUnits.NONE), core, HeraldCore::presenceMembers);
        registry.gauge(meta("herald.presence.channels",
                "Channels with presence in which this instance holds at least one member", MetricUnits.NONE),
                core, HeraldCore::presenceChannels);
    }

    /** 1 while maintenance mode is on (on this instance, as the cluster told it), else 0. */
    void watchMaintenance(HeraldCore core) {
        registry.gauge(meta("herald.maintenance", "1 while maintenance mode is on: new connections and publishes are"
                + " refused with MAINTENANCE", MetricUnits.NONE), core, c -> c.maintenance().current().enabled() ? 1 : 0);
    }

    /** Gauges of the recent-events cache in front of the store, read when scraped. */
    void watchCache(RecentEventsCache cache) {
        registry.gauge(meta("herald.event.cache.hits", "Events read from the recent-events cache instead of the store",
                MetricUnits.NONE), cache, RecentEventsCache::hits);
        registry.gauge(meta("herald.event.cache.misses", "Reads that went on to the store (seqs not cached, or past the head)",
                MetricUnits.NONE), cache, RecentEventsCache::misses);
        registry.gauge(meta("herald.event.cache.bytes", "Estimated heap the cached events take", MetricUnits.BYTES),
                cache, RecentEventsCache::bytes);
        registry.gauge(meta("herald.event.cache.jobs", "Jobs with events in the cache", MetricUnits.NONE),
                cache, RecentEventsCache::jobs);
    }

    void watchWriters(SocketWriters writers) {
        registry.gauge(meta("herald.socket.writer.threads", "Threads writing frames to sockets, compensating ones included",
                MetricUnits.NONE), writers, SocketWriters::threads);
        registry.gauge(meta("herald.socket.writes.blocked",
                "Socket writes waiting for their client to read (each holds a writer thread, up to the write timeout)",
                MetricUnits.NONE), writers, SocketWriters::blockedWrites);
    }

    private static Metadata meta(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }

    @Override
    public void connectionOpened(ClientId client) {
        activeConnections.incrementAndGet();
        connectionsOpened.inc();
    }

    @Override
    public void connectionClosed(ClientId client) {
        activeConnections.decrementAndGet();
    }

    @Override
    public void protocolViolation(int closeCode) {
        protocolViolation(closeCode, 1);
    }

    private void protocolViolation(int closeCode, long count) {
        protocolViolations.computeIfAbsent(closeCode, c -> registry.counter(meta("herald.socket.protocol.violations",
                "WebSocket connections failed for breaking RFC 6455, by close code"), new Tag("code", String.valueOf(c))))
                .inc(count);
    }

    @Override
    public void frameCompressed(int bytesSaved) {
        compressedFrames.inc();
        compressionSavedBytes.inc(bytesSaved);
    }

    @Override
    public void pongTimedOut() {
        pongTimeouts.inc();
    }

    @Override
    public void rejected(ErrorCode code) {
        rejections.get(code).inc();
    }

    @Override
    public void connectionRejected(ErrorCode code) {
        connectionRejections.get(code).inc();
    }

    @Override
    public void parseFailed() {
        parseFailures.inc();
    }

    @Override
    public void messageReceived(String type) {
        messageReceived(type, 1);
    }

    private void messageReceived(String type, long count) {
        messagesByType.computeIfAbsent(type, t -> registry.counter(meta("herald.messages.received",
                "Inbound WebSocket requests, by type"), new Tag("type", t))).inc(count);
    }

    @Override
    public void clientPublished(String namespace) {
        byNamespace(clientPublishes, "herald.client.publishes",
                "Publishes clients made over the WebSocket and the gateway accepted, by namespace", namespace).inc();
    }

    @Override
    public void eventRelayed(String namespace) {
        byNamespace(eventsRelayed, "herald.events.relayed",
                "Events of ephemeral channels relayed (never stored), by namespace", namespace).inc();
    }

    @Override
    public void relayedDelivered(int count) {
        relayedDelivered.inc(count);
    }

    @Override
    public void channelCreationRefused(String namespace) {
        byNamespace(creationsRefused, "herald.channels.creations.refused",
                "New ephemeral channels refused: the creator's address created too many this minute", namespace).inc();
    }

    /** Namespaces come from configuration (or are "default"): a bounded set of tag values. */
    private Counter byNamespace(Map<String, Counter> counters, String name, String description, String namespace) {
        return counters.computeIfAbsent(namespace, n -> registry.counter(meta(name, description), new Tag("namespace", n)));
    }

    @Override
    public void subscriptionOpened(JobId jobId) {
        activeSubscriptions.incrementAndGet();
    }

    @Override
    public void subscriptionClosed(JobId jobId) {
        activeSubscriptions.decrementAndGet();
    }

    @Override
    public void eventsPublished(JobId jobId, int count) {
        eventsPublished.inc(count);
    }

    @Override
    public void publishReplayed(JobId jobId) {
        publishesReplayed.inc();
    }

    @Override
    public void busPublishFailed(JobId jobId) {
        busPublishFailures.inc();
    }

    @Override
    public void eventsDelivered(int count, boolean replay) {
        (replay ? replayDelivered : liveDelivered).inc(count);
    }

    @Override
    public void eventSent(long publishToSendMillis) {
        publishToSend.update(Duration.ofMillis(publishToSendMillis));
    }

    @Override
    public void catchUpCompleted(JobId jobId, long events, long durationMs, Instant completedAt) {
        catchUpDuration.update(Duration.ofMillis(durationMs));
    }

    @Override
    public void gapRepaired(JobId jobId, long events) {
        gapRepairs.inc();
        gapRepairedEvents.inc(events);
    }

    @Override
    public void tokenRefreshed() {
        tokenRefreshes.inc();
    }

    @Override
    public void tokenRefreshRefused(ErrorCode code) {
        tokenRefreshRefusals.computeIfAbsent(code, c -> registry.counter(meta("herald.token.refresh.failures",
                "Refreshes refused (the connection kept its token), by contract code"), new Tag("code", c.name()))).inc();
    }

    @Override
    public void tokenExpired() {
        tokenExpirations.inc();
    }

    @Override
    public void closedForExpiredToken() {
        tokenExpiryCloses.inc();
    }
}
