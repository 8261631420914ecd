package dev.herald.adapter.memory;

import dev.herald.application.port.out.AppendResult;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Events in the heap of this process: for tests and the single-node mode without persistence.
 * Seqs are positions in a per-job list, so they are contiguous by construction.
 */
public final class InMemoryEventStore implements EventStore {

    private final Map<JobId, JobLog> logs = new ConcurrentHashMap<>();

    /** A job's events and the keys of its keyed appends; guarded by itself. */
    private static final class JobLog {
        final List<JobEvent> events = new ArrayList<>();
        final KeyLedger keys = new KeyLedger();
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
            long first = log.events.size() + 1L;
            for (NewEvent event : events) {
                JobEvent stored = event.stored(jobId, log.events.size() + 1L, occurredAt);
                log.events.add(stored);
                // under the job's lock: the next append waits, so the calls come in seq order
                StoredCallbacks.run(onStored, stored);
            }
            AppendResult result = new AppendResult(jobId, first, log.events.size(), occurredAt, false);
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
            int from = (int) Math.min(Math.max(afterSeq, 0), log.size());
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
            return jobLog.events.size();
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
}
