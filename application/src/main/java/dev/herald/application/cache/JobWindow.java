package dev.herald.application.cache;

import dev.herald.domain.job.JobEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cached events of one job: its highest seqs seen, at most {@code maxEvents} of them, not
 * necessarily consecutive (appends of one job can finish in any order, and other instances append
 * too). Thread-safe; every method holds the window's lock only for in-memory work.
 */
final class JobWindow {

    /** What {@link #putAll} answers once the window was evicted: the caller must take a new one. */
    static final long EVICTED = Long.MIN_VALUE;

    private final int maxEvents;
    private final TreeMap<Long, JobEvent> bySeq = new TreeMap<>();
    private long bytes;
    private boolean evicted;

    JobWindow(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /** Keeps these events (and drops the lowest beyond the bound); the change in estimated bytes. */
    synchronized long putAll(List<JobEvent> events) {
        if (evicted) {
            return EVICTED;
        }
        long before = bytes;
        for (JobEvent event : events) {
            if (bySeq.putIfAbsent(event.seq(), event) == null) {
                bytes += RecentEventsCache.estimatedBytes(event);
            }
        }
        while (bySeq.size() > maxEvents) {
            bytes -= RecentEventsCache.estimatedBytes(bySeq.pollFirstEntry().getValue());
        }
        return bytes - before;
    }

    /** The events from {@code afterSeq + 1} on, as far as the seqs held run without a hole, at most {@code limit}. */
    synchronized List<JobEvent> consecutiveAfter(long afterSeq, int limit) {
        List<JobEvent> run = new ArrayList<>(Math.min(limit, bySeq.size()));
        long expected = afterSeq + 1;
        for (Map.Entry<Long, JobEvent> entry : bySeq.tailMap(afterSeq, false).entrySet()) {
            if (entry.getKey() != expected || run.size() >= limit) {
                break;
            }
            run.add(entry.getValue());
            expected++;
        }
        return run;
    }

    /** Drops the events below {@code firstSeq} (deleted by retention); the estimated bytes freed. */
    synchronized long dropBelow(long firstSeq) {
        long freed = 0;
        while (!bySeq.isEmpty() && bySeq.firstKey() < firstSeq) {
            freed += RecentEventsCache.estimatedBytes(bySeq.pollFirstEntry().getValue());
        }
        bytes -= freed;
        return freed;
    }

    /** Empties the window for good; the estimated bytes it held. */
    synchronized long evict() {
        evicted = true;
        bySeq.clear();
        long freed = bytes;
        bytes = 0;
        return freed;
    }
}
