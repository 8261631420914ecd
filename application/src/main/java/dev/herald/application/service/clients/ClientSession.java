package dev.herald.application.service.clients;

import dev.herald.application.service.delivery.ChannelSubscription;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.InboundRateMeter;
import dev.herald.domain.client.RateVerdict;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admitted connection: who it is, what its token grants, when it last spoke, and the jobs it
 * follows. Subscription changes are made under the session's monitor; the token has its own.
 */
public final class ClientSession {

    static final String NO_ORIGIN = "none";

    private final ClientId id;
    private final Optional<String> origin;
    private final String address;
    private final SessionToken token;
    private final InboundRateMeter rateMeter;
    private volatile Instant lastActivity;
    private final Instant connectedAt;
    /** A stream the client cannot write to (SSE): never idle, as it has no way to show activity. */
    private volatile boolean receiveOnly;
    private final Map<JobId, ChannelSubscription> subscriptions = new HashMap<>();
    private boolean closed;

    ClientSession(ClientId id, Optional<String> origin, String address, Grant grant, InboundRateMeter rateMeter,
                  Instant connectedAt) {
        this.id = id;
        this.origin = origin;
        this.address = address;
        this.token = new SessionToken(grant);
        this.rateMeter = rateMeter;
        this.lastActivity = connectedAt;
        this.connectedAt = connectedAt;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public ClientId id() {
        return id;
    }

    public Optional<String> origin() {
        return origin;
    }

    /** The key the per-origin cap and metrics count under. */
    String originKey() {
        return origin.orElse(NO_ORIGIN);
    }

    public String address() {
        return address;
    }

    /** What the connection's current token grants (a refresh replaces it). */
    public Grant grant() {
        return token.grant();
    }

    SessionToken token() {
        return token;
    }

    /** The token's {@code sub}, for log lines ("-" when it has none or auth is off). */
    public String subject() {
        return token.grant().subject().orElse("-");
    }

    Instant lastActivity() {
        return lastActivity;
    }

    void receiveOnly() {
        receiveOnly = true;
    }

    boolean isReceiveOnly() {
        return receiveOnly;
    }

    void touch(Instant now) {
        lastActivity = now;
    }

    RateVerdict recordInbound(Instant now, long bytes) {
        synchronized (rateMeter) {
            return rateMeter.record(now, bytes);
        }
    }

    // --- subscriptions: callers hold the session's monitor ---

    boolean isClosed() {
        return closed;
    }

    ChannelSubscription subscription(JobId jobId) {
        return subscriptions.get(jobId);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    public List<JobId> jobs() {
        return List.copyOf(subscriptions.keySet());
    }

    void put(ChannelSubscription subscription) {
        subscriptions.put(subscription.jobId(), subscription);
    }

    ChannelSubscription remove(JobId jobId) {
        return subscriptions.remove(jobId);
    }

    /** Removes {@code subscription} only if it is still the one held for its job. */
    boolean removeIfCurrent(ChannelSubscription subscription) {
        return subscriptions.remove(subscription.jobId(), subscription);
    }

    /** Marks the session closed and hands back the subscriptions it held. */
    List<ChannelSubscription> closeAll() {
        closed = true;
        List<ChannelSubscription> held = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        return held;
    }
}
