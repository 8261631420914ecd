package dev.herald.adapter.memory;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.KeyLedger;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Events in the heap of this process: for tests and the single-node mode without persistence.
 * A job's stored events are the contiguous run {@code first..head}, kept in a list; retention
 * drops from its front, and the head stays (seqs are never reused).
 */
public final class InMemoryEventStore implements EventStore {

    private final ConcurrentNavigableMap<JobId, JobLog> logs = new ConcurrentSkipListMap<>();

    /** A job's events and the keys of its keyed appends; guarded by itself. */
    private static final class JobLog {
        /** Seqs {@code first..head}. */
        final List<JobEvent> events = new ArrayList<>();
        final KeyLedger keys = new KeyLedger();
        long head;

        long first() {
            return head - events.size() + 1;
        }
    }

    @Override
    public AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        JobLog log = logs.computeIfAbsent(jobId, id -> new JobLog());
        synchronized (log) {
            if (claim.isPresent()) {
                Optional<AppendResult> earlier = log.keys.earlier(jobId, claim.get());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            long first = log.head + 1;
            for (NewEvent event : events) {
                JobEvent stored = event.stored(jobId, log.head + 1, occurredAt);
                log.events.add(stored);
                log.head++;
                // under the job's lock: the next append waits, so the calls come in seq order
                StoredCallbacks.run(onStored, stored);
            }
            AppendResult result = new AppendResult(jobId, first, log.head, occurredAt, false);
            claim.ifPresent(c -> log.keys.remember(c, result));
            return result;
        }
    }

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        JobLog jobLog = logs.get(jobId);
        if (jobLog == null || limit <= 0) {
            return List.of();
        }
        synchronized (jobLog) {
            List<JobEvent> log = jobLog.events;
            long fromSeq = Math.max(afterSeq + 1, jobLog.first());
            int from = (int) Math.min(fromSeq - jobLog.first(), log.size());
            int to = (int) Math.min((long) from + limit, log.size());
            return List.copyOf(log.subList(from, to));
        }
    }

    @Override
    public long headSeq(JobId jobId) {
        JobLog jobLog = logs.get(jobId);
        if (jobLog == null) {
            return 0;
        }
        synchronized (jobLog) {
            return jobLog.head;
        }
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        JobLog jobLog = logs.get(jobId);
        if (jobLog == null) {
            return Optional.empty();
        }
        synchronized (jobLog) {
            List<JobEvent> log = jobLog.events;
            if (log.isEmpty()) {
                return Optional.empty();
            }
            JobEvent first = log.get(0);
            JobEvent last = log.get(log.size() - 1);
            return Optional.of(new JobFacts(jobId, last.seq(), log.size(), first.occurredAt(), last.occurredAt(),
                    last.eventType()));
        }
    }

    @Override
    public long firstSeq(JobId jobId) {
        JobLog jobLog = logs.get(jobId);
        if (jobLog == null) {
            return 1;
        }
        synchronized (jobLog) {
            return jobLog.first();
        }
    }

    @Override
    public Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        JobLog jobLog = logs.get(jobId);
        if (jobLog == null) {
            return new Deletion(jobId, 0, 1, 0);
        }
        synchronized (jobLog) {
            long wanted = Math.max(0, Math.min(beforeSeq, jobLog.head + 1) - jobLog.first());
            int n = (int) Math.min(wanted, maxEvents);
            jobLog.events.subList(0, n).clear();
            return new Deletion(jobId, n, jobLog.first(), jobLog.head);
        }
    }

    @Override
    public List<JobId> jobsAfter(Optional<JobId> after, int limit) {
        var tail = after.isPresent() ? logs.tailMap(after.get(), false) : logs;
        return tail.keySet().stream().limit(Math.max(0, limit)).toList();
    }
}
