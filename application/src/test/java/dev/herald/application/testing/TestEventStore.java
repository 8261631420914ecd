package dev.herald.application.testing;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.KeyLedger;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * A minimal store for use-case tests, with a switch for outages and a counter of reads. Deleted
 * events stay in the list (index = seq - 1) below the job's first seq, unseen.
 */
public final class TestEventStore implements EventStore {

    private final Map<JobId, List<JobEvent>> logs = new ConcurrentSkipListMap<>();
    /** Per job, the lowest seq not deleted; guarded by the job's list. */
    private final Map<JobId, Long> firsts = new ConcurrentHashMap<>();
    private final Map<JobId, KeyLedger> keys = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean available = true;
    private volatile int lastReadLimit;
    private volatile Runnable readHook = () -> {
    };
    private volatile LongPredicate inFlight = seq -> false;

    /** Runs before every read, e.g. to let time pass while the store "works". */
    public void onRead(Runnable hook) {
        this.readHook = hook;
    }

    /**
     * Reads leave out the seqs {@code inFlight} accepts, as a store does whose write of them is not
     * visible yet: a hole in the answer. {@code seq -> false} to close it.
     */
    public void leaveOutOfReads(LongPredicate inFlight) {
        this.inFlight = inFlight;
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    public int reads() {
        return reads.get();
    }

    /** The {@code limit} of the latest read, 0 before any. */
    public int lastReadLimit() {
        return lastReadLimit;
    }

    @Override
    public AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        check();
        List<JobEvent> log = logs.computeIfAbsent(jobId, id -> new ArrayList<>());
        synchronized (log) {
            KeyLedger ledger = keys.computeIfAbsent(jobId, id -> new KeyLedger());
            if (claim.isPresent()) {
                Optional<AppendResult> earlier = ledger.earlier(jobId, claim.get());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            long first = log.size() + 1L;
            for (NewEvent event : events) {
                JobEvent stored = event.stored(jobId, log.size() + 1L, occurredAt);
                log.add(stored);
                StoredCallbacks.run(onStored, stored);
            }
            AppendResult result = new AppendResult(jobId, first, log.size(), occurredAt, false);
            claim.ifPresent(c -> ledger.remember(c, result));
            return result;
        }
    }

    /** Appends {@code count} events of type {@code test.step} and returns the last. */
    public JobEvent appendMany(JobId jobId, int count, Instant at) {
        JobEvent last = null;
        for (int i = 0; i < count; i++) {
            last = append(jobId, EventType.of("test.step"), "{\"i\":" + i + "}", at);
        }
        return last;
    }

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        check();
        reads.incrementAndGet();
        lastReadLimit = limit;
        readHook.run();
        List<JobEvent> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            int from = (int) Math.min(Math.max(afterSeq, first(jobId) - 1), log.size());
            int to = (int) Math.min((long) from + limit, log.size());
            LongPredicate hidden = inFlight;
            return log.subList(from, to).stream().filter(e -> !hidden.test(e.seq())).toList();
        }
    }

    @Override
    public long headSeq(JobId jobId) {
        check();
        List<JobEvent> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            return log.size();
        }
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        check();
        List<JobEvent> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            long firstSeq = first(jobId);
            if (firstSeq > log.size()) {
                return Optional.empty();
            }
            JobEvent first = log.get((int) firstSeq - 1);
            JobEvent last = log.get(log.size() - 1);
            return Optional.of(new JobFacts(jobId, last.seq(), log.size() - firstSeq + 1, first.occurredAt(),
                    last.occurredAt(), last.eventType()));
        }
    }

    @Override
    public long firstSeq(JobId jobId) {
        check();
        List<JobEvent> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            return first(jobId);
        }
    }

    @Override
    public Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents) {
        check();
        List<JobEvent> log = logs.getOrDefault(jobId, List.of());
        synchronized (log) {
            long first = first(jobId);
            long newFirst = Math.max(first, Math.min(Math.min(beforeSeq, log.size() + 1L), first + maxEvents));
            firsts.put(jobId, newFirst);
            return new Deletion(jobId, newFirst - first, newFirst, log.size());
        }
    }

    @Override
    public List<JobId> jobsAfter(Optional<JobId> after, int limit) {
        check();
        return logs.keySet().stream().filter(job -> after.isEmpty() || job.compareTo(after.get()) > 0)
                .limit(limit).toList();
    }

    private long first(JobId jobId) {
        return firsts.getOrDefault(jobId, 1L);
    }

    private void check() {
        if (!available) {
            throw new EventStoreUnavailableException("test outage");
        }
    }
}
