package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.FrameListener;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.measure.BurstOrigin;
import dev.herald.loadtest.measure.Latency;
import dev.herald.loadtest.measure.SeqTracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Subscribers of the broadcast scenarios: one connection per subscriber, each following one job.
 * Every event is checked against the subscriber's {@link SeqTracker}; a measured event (it carries
 * {@code sentNanos}) that arrives for the first time records its latency from its POST, and, in a
 * burst, from the burst's t0 ({@link BurstOrigin}).
 */
public final class Audience {

    /** One subscriber. */
    public static final class Member {
        final String job;
        final SeqTracker tracker;
        final CompletableFuture<Frame> caughtUp = new CompletableFuture<>();
        volatile Connection connection;
        volatile boolean closed;

        Member(String job, long afterSeq) {
            this.job = job;
            this.tracker = new SeqTracker(afterSeq);
        }
    }

    private final WsClients clients;
    private final Latency latency;
    private final BurstOrigin origin;
    private final List<Member> members = new ArrayList<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder unexpectedCloses = new LongAdder();
    private volatile boolean closing;

    public Audience(WsClients clients, Latency latency) {
        this(clients, latency, null);
    }

    /** {@code origin}: also measures each delivery from the burst's t0 (null: only from its POST). */
    public Audience(WsClients clients, Latency latency, BurstOrigin origin) {
        this.clients = clients;
        this.latency = latency;
        this.origin = origin;
    }

    /**
     * Connects and subscribes {@code count} subscribers, spread over the jobs (subscriber i follows job
     * i mod J, from {@code afterSeq.get(job)}), at most {@code concurrency} handshakes at a time; waits
     * for each {@code caught-up}. Returns the number that made it.
     */
    public int join(List<String> jobs, Map<String, Long> afterSeq, int count, int concurrency, long timeoutMs,
                    BooleanSupplier keepGoing) throws InterruptedException {
        Semaphore slots = new Semaphore(Math.max(1, concurrency));
        List<CompletableFuture<Boolean>> joined = new ArrayList<>();
        for (int i = 0; i < count && keepGoing.getAsBoolean(); i++) {
            String job = jobs.get(i % jobs.size());
            Member member = new Member(job, afterSeq.getOrDefault(job, 0L));
            synchronized (members) {
                members.add(member);
            }
            slots.acquire();
            CompletableFuture<Boolean> done = clients.connect(listener(member)).thenCompose(connection -> {
                member.connection = connection;
                connection.sendQuietly("{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"afterSeq\":" + member.tracker.afterSeq() + "}");
                return member.caughtUp;
            }).orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((frame, error) -> {
                slots.release();
                return error == null;
            });
            joined.add(done);
        }
        int ok = 0;
        for (CompletableFuture<Boolean> f : joined) {
            if (f.join()) {
                ok++;
            }
        }
        return ok;
    }

    private FrameListener listener(Member member) {
        return new FrameListener() {
            @Override
            public void onFrame(Connection connection, Frame frame, long receivedNanos) {
                switch (frame.type()) {
                    case "event" -> {
                        // the latency before the tracker: once a waiter sees the seq tracked, its latency
                        // is in the histogram (a connection's frames come on one thread, in order)
                        if (frame.sentNanos() != Frame.NONE && member.tracker.isNew(frame.seq())) {
                            latency.recordNanos(receivedNanos - frame.sentNanos());
                            if (origin != null) {
                                origin.record(receivedNanos);
                            }
                        }
                        member.tracker.record(frame.seq());
                        deliveries.increment();
                        if (frame.replay()) {
                            replayed.increment();
                        }
                    }
                    case "caught-up" -> member.caughtUp.complete(frame);
                    case "error" -> {
                        errors.computeIfAbsent(String.valueOf(frame.code()), c -> new LongAdder()).increment();
                        if (!member.caughtUp.isDone()) {
                            member.caughtUp.completeExceptionally(new IllegalStateException(frame.code()));
                        }
                    }
                    default -> { }
                }
            }

            @Override
            public void onClose(Connection connection, int code, String reason) {
                member.closed = true;
                if (!closing) {
                    unexpectedCloses.increment();
                }
                member.caughtUp.completeExceptionally(new IllegalStateException("closed " + code));
            }
        };
    }

    /** Waits until every subscriber holds, without a gap, every seq up to its job's target. */
    public boolean awaitComplete(Map<String, Long> targetByJob, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (complete(targetByJob)) {
                return true;
            }
            Thread.sleep(5);
        }
        return complete(targetByJob);
    }

    public boolean complete(Map<String, Long> targetByJob) {
        for (Member m : snapshot()) {
            if (m.connection != null && !m.closed && m.tracker.contiguousHigh() < targetByJob.getOrDefault(m.job, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Expected seqs (those the publisher was given) that a live subscriber never received. */
    public long drops(Map<String, Set<Long>> expectedByJob) {
        long drops = 0;
        for (Member m : snapshot()) {
            if (m.connection == null) {
                continue;
            }
            for (long seq : expectedByJob.getOrDefault(m.job, Set.of())) {
                if (seq > m.tracker.afterSeq() && !m.tracker.has(seq)) {
                    drops++;
                }
            }
        }
        return drops;
    }

    public long duplicates() {
        return snapshot().stream().mapToLong(m -> m.tracker.duplicates()).sum();
    }

    public long outOfOrder() {
        return snapshot().stream().mapToLong(m -> m.tracker.outOfOrder()).sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long replayed() {
        return replayed.sum();
    }

    public long unexpectedCloses() {
        return unexpectedCloses.sum();
    }

    public Map<String, Long> errors() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public int connected() {
        return (int) snapshot().stream().filter(m -> m.connection != null && !m.closed).count();
    }

    public int size() {
        return snapshot().size();
    }

    /** Subscribers per job among the live ones. */
    public Map<String, Integer> perJob() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        snapshot().stream().filter(m -> m.connection != null && !m.closed).forEach(m -> out.merge(m.job, 1, Integer::sum));
        return out;
    }

    /** The lowest contiguous seq over the subscribers of a job (how far the slowest one got). */
    public long slowest(String job) {
        return snapshot().stream().filter(m -> job.equals(m.job) && m.connection != null && !m.closed)
                .mapToLong(m -> m.tracker.contiguousHigh()).min().orElse(Long.MAX_VALUE);
    }

    public void leave() {
        closing = true;
        clients.closeAll();
    }

    private List<Member> snapshot() {
        synchronized (members) {
            return new ArrayList<>(members);
        }
    }
}
