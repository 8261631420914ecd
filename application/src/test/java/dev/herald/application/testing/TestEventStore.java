package dev.herald.application.testing;

import dev.herald.application.port.out.AppendResult;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A minimal store for use-case tests, with a switch for outages and a counter of reads. */
public final class TestEventStore implements EventStore {

    private final Map<JobId, List<JobEvent>> logs = new ConcurrentHashMap<>();
    private final Map<JobId, KeyLedger> keys = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean available = true;
    private volatile int lastReadLimit;
    private volatile Runnable readHook = () -> {
    };

    /** Runs before every read, e.g. to let time pass while the store "works". */
    public void onRead(Runnable hook) {
        this.readHook = hook;
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
            int from = (int) Math.min(afterSeq, log.size());
            int to = (int) Math.min((long) from + limit, log.size());
            return List.copyOf(log.subList(from, to));
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
            if (log.isEmpty()) {
                return Optional.empty();
            }
            JobEvent first = log.get(0);
            JobEvent last = log.get(log.size() - 1);
            return Optional.of(new JobFacts(jobId, last.seq(), log.size(), first.occurredAt(), last.occurredAt(),
                    last.eventType()));
        }
    }

    private void check() {
        if (!available) {
            throw new EventStoreUnavailableException("test outage");
        }
    }
}
