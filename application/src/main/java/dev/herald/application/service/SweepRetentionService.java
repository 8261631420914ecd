package dev.herald.application.service;

import dev.herald.application.port.in.SweepRetentionUseCase;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.retention.RetentionPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The background retention round: walks every job of the store page by page and deletes what the
 * policy says is over its count or age, in bounded batches. Publishers never wait for it: a
 * store's delete touches only seqs below the head, never the append path's locks. One round at a
 * time; a round that finds the store down stops and the next one starts over.
 */
public final class SweepRetentionService implements SweepRetentionUseCase {

    private static final System.Logger LOG = System.getLogger(SweepRetentionService.class.getName());

    private final EventStore store;
    private final RetentionSettings settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    SweepRetentionService(EventStore store, RetentionSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public long sweep() {
        if (!settings.policy().enabled() || !running.compareAndSet(false, true)) {
            return 0;
        }
        long started = clock.millis();
        long deleted = 0;
        int jobs = 0;
        int trimmed = 0;
        try {
            Optional<JobId> after = Optional.empty();
            for (List<JobId> page = store.jobsAfter(after, settings.jobsPage()); !page.isEmpty();
                 page = store.jobsAfter(after, settings.jobsPage())) {
                for (JobId jobId : page) {
                    long n = sweep(jobId);
                    deleted += n;
                    jobs++;
                    trimmed += n > 0 ? 1 : 0;
                }
                after = Optional.of(page.get(page.size() - 1));
            }
        } catch (EventStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Retention: the event store is unavailable (" + e.getMessage()
                    + "); the sweep stops after deleting " + deleted + " event(s) and starts over at the next round");
        } finally {
            running.set(false);
        }
        if (deleted > 0) {
            LOG.log(System.Logger.Level.INFO, "Retention: sweep deleted " + deleted + " event(s) of " + trimmed
                    + " job(s) (" + jobs + " looked at) in " + (clock.millis() - started) + " ms; policy "
                    + settings.policy().describe());
        }
        return deleted;
    }

    /** One job: the later of the count and the age cut-offs, deleted batch by batch; the events deleted. */
    long sweep(JobId jobId) {
        RetentionPolicy policy = settings.policy();
        Instant now = clock.instant();
        long first = store.firstSeq(jobId);
        long head = store.headSeq(jobId);
        long byCount = policy.countCutoff(first, head);
        long cutoff = Math.max(byCount, ageCutoff(jobId, Math.max(first, byCount), head, now));
        if (cutoff <= first) {
            return 0;
        }
        Deletion deletion = RetentionDeletes.deleteBefore(store, jobId, cutoff, settings.batchSize());
        if (deletion.deleted() > 0) {
            LOG.log(System.Logger.Level.INFO, "Retention: deleted " + deletion.deleted() + " event(s) of job " + jobId
                    + " (" + (cutoff > byCount ? "age" : "count") + "); first seq now " + deletion.firstSeq()
                    + ", head " + deletion.headSeq());
        }
        return deletion.deleted();
    }

    /**
     * The seq of the job's first event that is not too old, reading from {@code from} in pages of
     * the batch size (events are stored in time order per job, near enough: the first young one
     * ends the walk). {@code from} itself when nothing is too old or there is no age limit.
     */
    private long ageCutoff(JobId jobId, long from, long head, Instant now) {
        if (settings.policy().maxAge().isEmpty()) {
            return from;
        }
        long next = from;
        while (next <= head) {
            List<JobEvent> page = store.readAfter(jobId, next - 1, settings.batchSize());
            if (page.isEmpty()) {
                return next;
            }
            for (JobEvent event : page) {
                if (!settings.policy().expired(event.occurredAt(), now)) {
                    return event.seq();
                }
                next = event.seq() + 1;
            }
        }
        return next;
    }
}
