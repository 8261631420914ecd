package dev.herald.application.service.delivery;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.delivery.CatchUpPace;
import dev.herald.domain.delivery.CursorDecision;
import dev.herald.domain.delivery.ReorderBuffer;
import dev.herald.domain.delivery.SubscriptionCursor;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One client's subscription to one job: turns a catch-up from the store plus live events from the
 * bus into one ordered, gap-free, duplicate-free stream.
 *
 * <p>The hand-off race is closed by order of operations: the subscription is registered for live
 * events before the store is read, live events that arrive meanwhile are held in a
 * {@link ReorderBuffer}, and everything passes through one {@link SubscriptionCursor}, which drops
 * what was already sent. A live event that skips ahead is held too; if the missing seqs have not
 * arrived live within {@link #REORDER_GRACE} (a lost publication, not an overtaken one), the
 * subscription reads them from the store; so do {@link #reconcile(long)} when the store's head is
 * ahead, and {@link #reconcileIfStuck(long)} when it has been ahead for a round with nothing
 * delivered.
 *
 * <p>Threads: live events come on a bus thread, store reads run as tasks (one pump at a time per
 * subscription, guaranteed by the state machine), reconciliation on a scheduler thread. All state
 * is guarded by {@code lock}; sends happen under it (they only queue), so the order of sends is
 * the order of cursor decisions. Store I/O never happens under it.
 */
public final class LiveSubscription implements ChannelSubscription {

    private static final System.Logger LOG = System.getLogger(LiveSubscription.class.getName());
    private static final Duration RETRY_DELAY = Duration.ofMillis(50);
    private static final Duration BACKLOG_POLL = Duration.ofMillis(5);
    /**
     * How long a live gap may wait for its missing events to arrive live before they are read from
     * the store. Publications of one job overtake each other now and then (two request threads or
     * two instances publishing at once): the missing event is usually on the bus, a millisecond
     * behind. Repairing at once cost one store read per subscriber of the job for every overtaking
     * (500 subscribers, 500 reads); a lost publication only waits this much longer.
     */
    public static final Duration REORDER_GRACE = Duration.ofMillis(20);

    enum State {
        /** First catch-up from the store; live events are held. */
        CATCHING_UP,
        /** Live events pass straight through the cursor. */
        LIVE,
        /** Reading missing events from the store; live events are held. */
        REPAIRING,
        /** A repair failed (store down); reconciliation retries it. Live events are held. */
        STALLED,
        CLOSED
    }

    private final DeliveryContext ctx;
    private final ClientId client;
    private final JobId jobId;
    private final long afterSeq;
    private final Optional<String> requestId;
    private final Consumer<LiveSubscription> onAbandoned;

    private final Object lock = new Object();
    private final SubscriptionCursor cursor;
    /** Live events ahead of the cursor; beyond its bound they are read from the store instead. */
    private final ReorderBuffer<ServerMessage.Event> held;
    /** Flow control of the store reads: at the client's pace, cut off when it stops reading. */
    private final CatchUpPace pace;
    private State state = State.CATCHING_UP;
    private boolean subscribedSent;
    /** The job's head when the catch-up began: what the catch-up must read from the store. */
    private long catchUpHead = -1;
    private long startedAtMillis;
    private long replayed;
    private long repaired;
    private final HoleRetries holeRetries = new HoleRetries();
    private boolean gapCheckScheduled;
    /** What had been delivered at the previous periodic reconciliation round; -1 before the first. */
    private long deliveredAtLastRound = -1;

    public LiveSubscription(DeliveryContext ctx, ClientId client, JobId jobId, long afterSeq, Optional<String> requestId,
                     Consumer<LiveSubscription> onAbandoned) {
        this.ctx = ctx;
        this.client = client;
        this.jobId = jobId;
        this.afterSeq = afterSeq;
        this.requestId = requestId;
        this.onAbandoned = onAbandoned;
        this.cursor = new SubscriptionCursor(afterSeq);
        this.held = new ReorderBuffer<>(cursor, ctx.settings().liveHoldLimit());
        this.pace = new CatchUpPace(ctx.settings().catchUpStallLimit());
    }

    @Override
    public ClientId client() {
        return client;
    }

    @Override
    public JobId jobId() {
        return jobId;
    }

    State state() {
        synchronized (lock) {
            return state;
        }
    }

    long lastDelivered() {
        synchronized (lock) {
            return cursor.lastDelivered();
        }
    }

    /** Begins the catch-up. Call after the subscription is registered for live events. */
    @Override
    public void start() {
        synchronized (lock) {
            startedAtMillis = ctx.clock().millis();
        }
        ctx.tasks().execute(this::pump);
    }

    /**
     * A live event of this job. {@code message} is shared by every subscriber of the job, so the
     * transport can encode it once.
     */
    void onLive(ServerMessage.Event message) {
        JobEvent event = message.event();
        synchronized (lock) {
            switch (state) {
                case CLOSED -> {
                    // unsubscribed meanwhile
                }
                case LIVE -> {
                    // delivered with the held events it caught up with (they overtook it), or held
                    CursorDecision decision = held.offer(event.seq(), message, this::sendLive);
                    if (decision instanceof CursorDecision.Gap gap) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "Gap in live events for job " + jobId + " client "
                                + client + ": missing " + gap.missing() + " after seq " + gap.afterSeq());
                        if (!gapCheckScheduled) {
                            gapCheckScheduled = true;
                            ctx.tasks().schedule(this::repairIfGapRemains, REORDER_GRACE);
                        }
                    }
                }
                default -> held.hold(event.seq(), message);
            }
        }
    }

    private void sendLive(ServerMessage.Event message) {
        ctx.channel().send(client, message);
        ctx.telemetry().eventsDelivered(1, false);
    }

    /** {@link #REORDER_GRACE} after a live gap: read from the store what has not arrived live meanwhile. */
    private void repairIfGapRemains() {
        synchronized (lock) {
            gapCheckScheduled = false;
            // held events in LIVE lie beyond a gap (contiguous ones were sent at once)
            if (state == State.LIVE && !held.isSettled()) {
                startPump(State.REPAIRING);
            }
        }
    }

    /** Repairs from the store when its head is ahead of what was delivered, or retries a stalled repair. */
    void reconcile(long headSeq) {
        synchronized (lock) {
            if ((state == State.LIVE && cursor.isBehind(headSeq)) || state == State.STALLED) {
                startPump(State.REPAIRING);
            }
        }
    }

    /**
     * The periodic round: repairs when behind {@code previousRoundHead} (a head read one round ago,
     * so the missing events are at least a round old) and nothing was delivered since the previous
     * round; or retries a stalled repair. A subscription that is behind but still receiving is
     * late, not missing anything: a later gap would show in its live events.
     */
    void reconcileIfStuck(long previousRoundHead) {
        synchronized (lock) {
            long delivered = cursor.lastDelivered();
            boolean receivedSinceLastRound = delivered != deliveredAtLastRound;
            deliveredAtLastRound = delivered;
            if (state == State.STALLED
                    || (state == State.LIVE && !receivedSinceLastRound && cursor.isBehind(previousRoundHead))) {
                startPump(State.REPAIRING);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            state = State.CLOSED;
            held.clear();
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    private void startPump(State pumpState) {
        state = pumpState;
        ctx.tasks().execute(this::pump);
    }

    /** Reads from the store until caught up, then goes live. Runs as a task, one at a time. */
    private void pump() {
        try {
            pumpRounds();
        } catch (EventStoreUnavailableException e) {
            storeFailed(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Delivery failed for job " + jobId + " client " + client
                    + "; reconciliation will retry", e);
            synchronized (lock) {
                if (state != State.CLOSED) {
                    state = State.STALLED;
                }
            }
        }
    }

    private void pumpRounds() {
        while (true) {
            boolean needHead;
            synchronized (lock) {
                if (state == State.CLOSED) {
                    return;
                }
                needHead = !subscribedSent;
            }
            if (needHead) {
                // the head first: a first seq read after it is never below what the head allows
                long head = ctx.store().headSeq(jobId);
                sendSubscribed(head, Math.min(ctx.store().firstSeq(jobId), head + 1));
            } else if (holeRetries.retrying()) {
                skipIfDeleted(ctx.store().firstSeq(jobId));
            }
            long from;
            int limit;
            boolean atHead;
            synchronized (lock) {
                if (state == State.CLOSED) {
                    return;
                }
                from = cursor.lastDelivered();
                limit = readLimit(from);
                atHead = firstCatchUpAtHead(from);
            }
            List<JobEvent> page;
            if (atHead) {
                page = List.of();
            } else {
                if (!waitForRoom()) {
                    return;
                }
                page = ctx.store().readAfter(jobId, from, limit);
            }
            synchronized (lock) {
                if (state == State.CLOSED) {
                    return;
                }
                if (!deliverFromStore(page)) {
                    // a hole in the store's answer: wait for it to fill, backing off, without flooding the log
                    ctx.tasks().schedule(this::pump, holeRetries.next());
                    return;
                }
                holeRetries.reset();
                if (page.size() >= ctx.settings().catchUpPageSize()) {
                    continue;
                }
                held.release(this::sendHeld);
                if (held.isSettled()) {
                    goLive();
                    return;
                }
                // what the bound dropped is read from the store by the next round
                held.clearOverflow();
                if (page.isEmpty()) {
                    // held events lie beyond seqs the store did not return yet: read again shortly
                    ctx.tasks().schedule(this::pump, RETRY_DELAY);
                    return;
                }
            }
        }
    }

    /**
     * The first catch-up has nothing to read: the client has everything up to the head announced at
     * subscribe (an empty job, or a resume from the head), and nothing is held. What is stored after
     * that head arrives live, so the store is not asked at all; a subscribe storm on a quiet job
     * costs one head lookup per subscriber and no reads.
     */
    private boolean firstCatchUpAtHead(long from) {
        return state == State.CATCHING_UP && catchUpHead >= 0 && from >= catchUpHead && held.isSettled();
    }

    /**
     * A page, or less where the rest is known to come otherwise: during the first catch-up, up to
     * the head read at subscribe (anything stored after it is published after this subscription
     * was registered, so it arrives live); and just the gap before the held live events. A read
     * that stops there is served from the store's cache without asking the store past it.
     */
    private int readLimit(long from) {
        int page = ctx.settings().catchUpPageSize();
        if (state == State.CATCHING_UP && catchUpHead > from) {
            page = (int) Math.min(page, catchUpHead - from);
        }
        if (held.isEmpty() || held.overflowed()) {
            return page;
        }
        long gap = held.firstHeld().getAsLong() - from - 1;
        return gap < 1 ? page : (int) Math.min(page, gap);
    }

    /**
     * A hole that does not fill: retention deleted events this subscription had not delivered yet
     * (it lagged behind the retention limits). They can never come; it goes on after them.
     */
    private void skipIfDeleted(long firstSeq) {
        synchronized (lock) {
            long from = cursor.lastDelivered();
            if (state != State.CLOSED && cursor.skipDeleted(firstSeq)) {
                LOG.log(System.Logger.Level.WARNING, "Retention deleted seqs " + (from + 1) + ".." + (firstSeq - 1)
                        + " of job " + jobId + " before client " + client + " received them; its stream goes on at seq "
                        + firstSeq);
                holeRetries.reset();
            }
        }
    }

    private void sendSubscribed(long headSeq, long firstSeq) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            boolean truncated = afterSeq + 1 < firstSeq;
            if (truncated) {
                // the replay starts at the first seq still stored
                cursor.skipDeleted(firstSeq);
                LOG.log(System.Logger.Level.DEBUG, () -> "Subscribe of client " + client + " to job " + jobId
                        + " after seq " + afterSeq + " is truncated: first stored seq is " + firstSeq);
            }
            ctx.channel().send(client, new ServerMessage.Subscribed(jobId, afterSeq, headSeq, firstSeq, truncated,
                    requestId));
            subscribedSent = true;
            catchUpHead = headSeq;
        }
    }

    /**
     * Flow control: a large catch-up goes at the client's pace. False when the pump parked itself
     * (to resume shortly) or cut off a client that stopped reading.
     */
    private boolean waitForRoom() {
        CatchUpPace.Step step = pace.next(ctx.channel().hasRoom(client), ctx.clock().millis());
        if (step == CatchUpPace.Step.READ) {
            return true;
        }
        if (step == CatchUpPace.Step.WAIT) {
            ctx.tasks().schedule(this::pump, BACKLOG_POLL);
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "Slow consumer: client " + client + " stopped reading during the catch-up"
                + " (or repair) of job " + jobId);
        ctx.telemetry().rejected(ErrorCode.SLOW_CONSUMER);
        ctx.channel().close(client, ServerMessage.Error.of(ErrorCode.SLOW_CONSUMER,
                "Client is not reading its catch-up; resubscribe with afterSeq to resume"),
                ErrorCode.SLOW_CONSUMER.closeCode().orElseThrow());
        return false;
    }

    /** Sends a page read from the store. False when the page does not continue the cursor (a hole). */
    private boolean deliverFromStore(List<JobEvent> page) {
        for (JobEvent event : page) {
            CursorDecision decision = cursor.offer(event.seq());
            if (decision instanceof CursorDecision.Deliver) {
                sendPumped(new ServerMessage.Event(event, state == State.CATCHING_UP));
            } else if (decision instanceof CursorDecision.Gap gap) {
                if (!holeRetries.retrying()) {
                    LOG.log(System.Logger.Level.WARNING, "Event store returned a hole for job " + jobId + " client "
                            + client + ": expected seq " + (gap.afterSeq() + 1) + ", got " + gap.beforeSeq()
                            + "; retrying with backoff");
                }
                return false;
            }
        }
        held.dropDelivered();
        return true;
    }

    /**
     * A held live event whose turn came at the end of a store read: part of the catch-up (marked
     * replay, as the client counts it in {@code replayed}) or of the repair.
     */
    private void sendHeld(ServerMessage.Event message) {
        sendPumped(state == State.CATCHING_UP ? new ServerMessage.Event(message.event(), true) : message);
    }

    private void sendPumped(ServerMessage.Event message) {
        ctx.channel().send(client, message);
        ctx.telemetry().eventsDelivered(1, message.replay());
        if (state == State.CATCHING_UP) {
            replayed++;
        } else {
            repaired++;
        }
    }

    private void goLive() {
        boolean initial = state == State.CATCHING_UP;
        state = State.LIVE;
        if (initial) {
            long durationMs = Math.max(0, ctx.clock().millis() - startedAtMillis);
            long seq = cursor.lastDelivered();
            ctx.channel().send(client, new ServerMessage.CaughtUp(jobId, seq, replayed, durationMs));
            ctx.telemetry().catchUpCompleted(jobId, replayed, durationMs, ctx.clock().instant());
            long count = replayed;
            LOG.log(System.Logger.Level.INFO, () -> "Catch-up completed for job " + jobId + " client " + client
                    + ": " + count + " events in " + durationMs + " ms (up to seq " + seq + ")");
        } else if (repaired > 0) {
            ctx.telemetry().gapRepaired(jobId, repaired);
            long count = repaired;
            LOG.log(System.Logger.Level.INFO, () -> "Gap repaired for job " + jobId + " client " + client + ": "
                    + count + " events from the store");
            repaired = 0;
        }
    }

    private void storeFailed(EventStoreUnavailableException e) {
        boolean abandon;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            abandon = state == State.CATCHING_UP;
            if (abandon) {
                state = State.CLOSED;
                held.clear();
                ctx.telemetry().rejected(ErrorCode.STORE_UNAVAILABLE);
                ctx.channel().send(client, new ServerMessage.Error(ErrorCode.STORE_UNAVAILABLE,
                        "The event store is unavailable; retry the subscription", Optional.of(jobId), requestId));
            } else {
                state = State.STALLED;
            }
        }
        if (abandon) {
            LOG.log(System.Logger.Level.WARNING, "Subscription refused for job " + jobId + " client " + client
                    + ": event store unavailable (" + e.getMessage() + ")");
            onAbandoned.accept(this);
        } else {
            LOG.log(System.Logger.Level.WARNING, "Repair stalled for job " + jobId + " client " + client
                    + ": event store unavailable; reconciliation will retry");
        }
    }
}
