package dev.herald.adapter.memory;

import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;

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

    private final Map<JobId, List<JobEvent>> logs = new ConcurrentHashMap<>();

    @Override
    public JobEvent append(JobId jobId, EventType eventType, String payload, Instant occurredAt,
                           Consumer<JobEvent> onStored) {
        List<JobEvent> log = logs.computeIfAbsent(jobId, id -> new ArrayList<>());
        synchronized (log) {
            JobEvent event = new JobEvent(jobId, log.size() + 1L, eventType, occurredAt, payload);
            log.add(event);
            // under the job's lock: the next append waits, so the calls come in seq order
            StoredCallbacks.run(onStored, event);
            return event;
        }
    }

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        List<JobEvent> log = logs.get(jobId);
        if (log == null || limit <= 0) {
            return List.of();
        }
        synchronized (log) {
            int from = (int) Math.min(Math.max(afterSeq, 0), log.size());
            int to = (int) Math.min((long) from + limit, log.size());
            return List.copyOf(log.subList(from, to));
        }
    }

    @Override
    public long headSeq(JobId jobId) {
        List<JobEvent> log = logs.get(jobId);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.size();
        }
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        List<JobEvent> log = logs.get(jobId);
        if (log == null) {
            return Optional.empty();
        }
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
}
