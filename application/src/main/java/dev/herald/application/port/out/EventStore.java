package dev.herald.application.port.out;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable, per-job ordered storage of events. Every method may throw
 * {@link EventStoreUnavailableException} when the store cannot be reached.
 *
 * <p>The seq contract: the first event of a job has seq 1, every next one the previous + 1, and a
 * reader never sees a hole, whatever the number of concurrent appenders and gateway instances.
 */
public interface EventStore {

    /** Stores the event with the job's next seq, durably, and returns it as stored. */
    default JobEvent append(JobId jobId, EventType eventType, String payload, Instant occurredAt) {
        return append(jobId, eventType, payload, occurredAt, stored -> { });
    }

    /**
     * Stores one event like {@link #appendAll}, without a key, and returns it as stored.
     */
    default JobEvent append(JobId jobId, EventType eventType, String payload, Instant occurredAt,
                            Consumer<JobEvent> onStored) {
        JobEvent[] stored = new JobEvent[1];
        appendAll(jobId, List.of(new NewEvent(eventType, payload)), occurredAt, Optional.empty(), event -> {
            stored[0] = event;
            onStored.accept(event);
        });
        return stored[0];
    }

    /**
     * Stores the events, all or none, with the job's next seqs: contiguous, no other append's event
     * between them, all with {@code occurredAt} (kept to the millisecond). Calls {@code onStored}
     * with each once it is stored, in seq order, before returning. For the appends to one job
     * through one store instance, the {@code onStored} calls come one at a time and in seq order,
     * whichever thread made them (a store that writes several appends at once calls each one's
     * {@code onStored} for it, in order): what a publisher hands on from there stays in seq order,
     * however many publish at once. Keep it short, it may hold up the job's next appends. An
     * exception from it is logged and does not fail the append: the events are stored.
     *
     * <p>With a claim: when the job holds the claim's key already (remembered at or after its
     * {@code forgetBefore}), nothing is stored, {@code onStored} is not called, and the result is
     * the first append's, {@code replayed}; or, when that append's fingerprint differs,
     * {@link IdempotencyKeyReusedException}. Otherwise the key is stored with the events, at once.
     *
     * @param events 1 or more; a store may refuse more than it can write at once (the use case
     *               bounds a batch well below that)
     */
    AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt, Optional<IdempotencyClaim> claim,
                           Consumer<JobEvent> onStored);

    /** Events of the job with {@code seq > afterSeq}, ascending, at most {@code limit} of them. */
    List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit);

    /** The job's latest seq, 0 when it has no events. */
    long headSeq(JobId jobId);

    /** Head seqs of many jobs at once (reconciliation); a job without events maps to 0. */
    default Map<JobId, Long> headSeqs(Collection<JobId> jobIds) {
        Map<JobId, Long> heads = new HashMap<>();
        for (JobId jobId : jobIds) {
            heads.put(jobId, headSeq(jobId));
        }
        return heads;
    }

    /**
     * Snapshot facts of the job, empty when it has no events (also when all were deleted). The
     * count is of the events still stored: {@code headSeq - firstSeq + 1}.
     */
    Optional<JobFacts> facts(JobId jobId);

    /**
     * The job's lowest stored seq: 1 until retention deletes events, then the seq after the last
     * one deleted; {@code headSeq + 1} when none is stored (1 for a job that never had any).
     */
    long firstSeq(JobId jobId);

    /**
     * Retention: deletes the job's lowest events with {@code seq < beforeSeq}, at most
     * {@code maxEvents} of them (a bounded batch: callers loop until {@link Deletion#reached}).
     * Seqs at or above the head + 1 are never affected, so a concurrent append is never deleted.
     * The head stays where it was: the job's next append takes {@code headSeq + 1} even when every
     * event was deleted, also after a restart. Readers never see a hole: what remains is the
     * contiguous run {@code firstSeq..headSeq}, and {@link #readAfter} of a seq below it starts
     * at {@code firstSeq}.
     *
     * @param maxEvents at least 1
     */
    Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents);

    /**
     * The jobs that have events (or had: a job whose events were all deleted may still be listed),
     * in {@link JobId} order after {@code after} (from the first when empty), at most {@code limit}:
     * the retention sweeper walks them page by page.
     */
    List<JobId> jobsAfter(Optional<JobId> after, int limit);
}
