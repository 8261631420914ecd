package dev.herald.application.cache;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An {@link EventStore} in front of another that keeps the most recent events of recently used
 * jobs in memory, so catch-ups and gap repairs of a hot job do not go to the store.
 *
 * <p>Why it stays correct with several gateway instances and concurrent appenders: a stored event
 * never changes and its seq is unique in its job, so any event this instance appended or read is
 * true forever. A read serves the run of consecutive seqs the cache holds right after
 * {@code afterSeq} and asks the store for the rest, from the first seq it does not hold; it never
 * decides from memory that a seq does not exist. Head and facts always come from the store.
 *
 * <p>Retention deletes: a delete through this cache drops the deleted events from it at once. A
 * delete on another instance is learnt from the store: every {@link #firstSeq} answer (the store's)
 * drops what lies below it here. The catch-up and the events page ask {@code firstSeq} before they
 * read and never read below it, so they never replay a deleted event that this instance still
 * held; a read that asks for seqs below the store's first seq directly may get them from memory.
 *
 * <p>Bounded twice: each job keeps its {@code maxEventsPerJob} highest seqs, and when all jobs
 * together pass {@code maxBytes} (an estimate of the heap they take), the least recently used jobs
 * are dropped whole.
 */
public final class RecentEventsCache implements EventStore {

    /** Heap per cached event besides its strings: the record, its Instant, a tree entry, a Long. */
    private static final long EVENT_OVERHEAD_BYTES = 160;

    private final EventStore store;
    private final int maxEventsPerJob;
    private final long maxBytes;
    private final LinkedHashMap<JobId, JobWindow> jobs = new LinkedHashMap<>(64, 0.75f, true); // guarded by itself
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param maxEventsPerJob how many of a job's latest events are kept (at least 1)
     * @param maxBytes        the heap all cached events may take, estimated (at least 1)
     */
    public RecentEventsCache(EventStore store, int maxEventsPerJob, long maxBytes) {
        if (maxEventsPerJob < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("cache bounds must be positive: " + maxEventsPerJob + " events, "
                    + maxBytes + " bytes");
        }
        this.store = store;
        this.maxEventsPerJob = maxEventsPerJob;
        this.maxBytes = maxBytes;
    }

    @Override
    public AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        // cached before anyone hears of it, so a subscriber repairing a gap finds it here
        return store.appendAll(jobId, events, occurredAt, claim, stored -> {
            remember(jobId, List.of(stored));
            onStored.accept(stored);
        });
    }

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        JobWindow window;
        synchronized (jobs) {
            window = jobs.get(jobId);
        }
        List<JobEvent> cached = window == null ? List.of() : window.consecutiveAfter(afterSeq, limit);
        if (!cached.isEmpty()) {
            hits.addAndGet(cached.size());
        }
        if (cached.size() >= limit) {
            return cached;
        }
        misses.incrementAndGet();
        long from = cached.isEmpty() ? afterSeq : cached.get(cached.size() - 1).seq();
        List<JobEvent> read = store.readAfter(jobId, from, limit - cached.size());
        remember(jobId, read);
        if (cached.isEmpty()) {
            return read;
        }
        List<JobEvent> all = new ArrayList<>(cached.size() + read.size());
        all.addAll(cached);
        all.addAll(read);
        return all;
    }

    @Override
    public long headSeq(JobId jobId) {
        return store.headSeq(jobId);
    }

    @Override
    public Map<JobId, Long> headSeqs(Collection<JobId> jobIds) {
        return store.headSeqs(jobIds);
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        return store.facts(jobId);
    }

    @Override
    public long firstSeq(JobId jobId) {
        long first = store.firstSeq(jobId);
        forgetBelow(jobId, first);
        return first;
    }

    @Override
    public Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents) {
        Deletion deletion = store.deleteBefore(jobId, beforeSeq, maxEvents);
        forgetBelow(jobId, deletion.firstSeq());
        return deletion;
    }

    @Override
    public List<JobId> jobsAfter(Optional<JobId> after, int limit) {
        return store.jobsAfter(after, limit);
    }

    private void forgetBelow(JobId jobId, long firstSeq) {
        JobWindow window;
        synchronized (jobs) {
            window = jobs.get(jobId);
        }
        if (window != null) {
            bytes.addAndGet(-window.dropBelow(firstSeq));
        }
    }

    public int maxEventsPerJob() {
        return maxEventsPerJob;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Events served from memory so far. */
    public long hits() {
        return hits.get();
    }

    /** Reads that went to the store (for seqs the cache did not hold, or beyond the head) so far. */
    public long misses() {
        return misses.get();
    }

    /** The estimated heap the cached events take now. */
    public long bytes() {
        return bytes.get();
    }

    /** How many jobs have events cached now. */
    public int jobs() {
        synchronized (jobs) {
            return jobs.size();
        }
    }

    private void remember(JobId jobId, List<JobEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long added = 0;
        while (true) {
            JobWindow window;
            synchronized (jobs) {
                window = jobs.computeIfAbsent(jobId, id -> new JobWindow(maxEventsPerJob));
            }
            long delta = window.putAll(events);
            if (delta != JobWindow.EVICTED) {
                added = delta;
                break;
            }
            // dropped by another thread's eviction between the lookup and the put: take a new window
        }
        if (bytes.addAndGet(added) > maxBytes) {
            evictLeastRecentlyUsed();
        }
    }

    private void evictLeastRecentlyUsed() {
        synchronized (jobs) {
            Iterator<JobWindow> eldestFirst = jobs.values().iterator();
            while (bytes.get() > maxBytes && eldestFirst.hasNext()) {
                JobWindow window = eldestFirst.next();
                eldestFirst.remove();
                bytes.addAndGet(-window.evict());
            }
        }
    }

    static long estimatedBytes(JobEvent event) {
        // two bytes a char: the worst case of compact strings, and an estimate need not be exact
        return EVENT_OVERHEAD_BYTES + 2L * (event.payload().length() + event.eventType().value().length());
    }
}
