package dev.herald.application.service.operations;

import dev.herald.application.port.in.SweepRetentionUseCase;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.service.settings.RetentionSettings;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.retention.RetentionPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The background retention round: walks every job of the store page by page and deletes what the
 * policy says is over its count or age. The round is a chain of tasks on the {@link TaskScheduler},
 * each one bounded step (list a page of jobs, or one batch of one job), and after each step that
 * deleted something it pauses ({@link RetentionSettings#batchPause()}) without holding a thread:
 * the store's other work, the publishers' appends above all, always gets its turn, also on a store
 * that serializes its writes. A store delete touches only seqs below the head, never the append
 * path's locks. One round at a time; a round that finds the store down stops, and the next one
 * starts over.
 */
public final class SweepRetentionService implements SweepRetentionUseCase {

    private static final System.Logger LOG = System.getLogger(SweepRetentionService.class.getName());

    private final EventStore store;
    private final RetentionSettings settings;
    private final TaskScheduler tasks;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public SweepRetentionService(EventStore store, RetentionSettings settings, TaskScheduler tasks, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Long> sweep() {
        if (!settings.policy().enabled() || !running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(0L);
        }
        Round round = new Round();
        tasks.execute(round::step);
        return round.done;
    }

    /** One round's position and totals; its steps run one at a time (each schedules the next). */
    private final class Round {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final long startedAt = clock.millis();
        final Deque<JobId> page = new ArrayDeque<>();
        Optional<JobId> after = Optional.empty();
        boolean lastPage;
        JobId job;
        /** The current job's cut-off, fixed when the round reaches the job: a job published to faster than the sweep deletes cannot hold the round. */
        long jobCutoff;
        long jobHead;
        boolean ageSettled;
        long jobDeleted;
        String jobReason;
        long deleted;
        int jobs;
        int trimmed;

        void step() {
            boolean deletedSomething;
            try {
                deletedSomething = advance();
            } catch (EventStoreUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "Retention: the event store is unavailable (" + e.getMessage()
                        + "); the sweep stops after deleting " + deleted + " event(s) and starts over at the next round");
                finish();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Retention: the sweep failed after deleting " + deleted
                        + " event(s); the next round starts over", e);
                finish();
                return;
            }
            if (job == null && page.isEmpty() && lastPage) {
                finish();
            } else if (deletedSomething && !settings.batchPause().isZero()) {
                tasks.schedule(this::step, settings.batchPause());
            } else {
                tasks.execute(this::step);
            }
        }

        /** One bounded step; whether it deleted events. */
        private boolean advance() {
            if (job == null) {
                if (page.isEmpty()) {
                    List<JobId> next = store.jobsAfter(after, settings.jobsPage());
                    page.addAll(next);
                    lastPage = next.size() < settings.jobsPage();
                    if (!next.isEmpty()) {
                        after = Optional.of(next.get(next.size() - 1));
                    }
                    return false;
                }
                job = page.poll();
                jobDeleted = 0;
                jobCutoff = -1;
                jobs++;
            }
            Optional<Deletion> batch = deleteOneBatch(job);
            if (batch.isPresent() && batch.get().deleted() > 0) {
                jobDeleted += batch.get().deleted();
                deleted += batch.get().deleted();
                return true;
            }
            if (jobDeleted > 0) {
                trimmed++;
                LOG.log(System.Logger.Level.INFO, "Retention: deleted " + jobDeleted + " event(s) of job " + job + " ("
                        + jobReason + "); first seq now " + store.firstSeq(job) + ", head " + store.headSeq(job));
            }
            job = null;
            return false;
        }

        /**
         * The job's next batch below its cut-off; empty when none is due. The cut-off is fixed when
         * the round reaches the job (the count one from the head then) and moved up by the age one,
         * found a page per step once what lies before it is deleted, up to that head: a job
         * published to faster than the sweep deletes cannot hold the round (the next round goes on).
         */
        private Optional<Deletion> deleteOneBatch(JobId jobId) {
            RetentionPolicy policy = settings.policy();
            long first = store.firstSeq(jobId);
            if (jobCutoff < 0) {
                jobHead = store.headSeq(jobId);
                jobCutoff = policy.countCutoff(first, jobHead);
                jobReason = "count";
                ageSettled = policy.maxAge().isEmpty();
            }
            if (jobCutoff <= first && !ageSettled) {
                AgeScan scan = ageCutoff(jobId, first, jobHead, clock.instant());
                ageSettled = scan.settled();
                if (scan.cutoff() > jobCutoff) {
                    jobCutoff = scan.cutoff();
                    jobReason = "age";
                }
            }
            if (jobCutoff <= first) {
                return Optional.empty();
            }
            return Optional.of(store.deleteBefore(jobId, jobCutoff, settings.batchSize()));
        }

        private void finish() {
            running.set(false);
            if (deleted > 0) {
                LOG.log(System.Logger.Level.INFO, "Retention: sweep deleted " + deleted + " event(s) of " + trimmed
                        + " job(s) (" + jobs + " looked at) in " + (clock.millis() - startedAt) + " ms; policy "
                        + settings.policy().describe());
            }
            done.complete(deleted);
        }
    }

    /** Where one page of the age walk ended: {@code settled} when a young event (or the head) was reached. */
    private record AgeScan(long cutoff, boolean settled) {
    }

    /**
     * The age cut-off within one page of the batch size read from {@code from}: the seq of the
     * first event that is not too old (events are stored in time order per job, near enough), or,
     * when the whole page is too old, the seq after it, to read on from at the next step.
     */
    private AgeScan ageCutoff(JobId jobId, long from, long head, Instant now) {
        if (from > head) {
            return new AgeScan(from, true);
        }
        List<JobEvent> page = store.readAfter(jobId, from - 1, (int) Math.min(settings.batchSize(), head - from + 1));
        for (JobEvent event : page) {
            if (event.seq() > head || !settings.policy().expired(event.occurredAt(), now)) {
                return new AgeScan(event.seq(), true);
            }
        }
        if (page.isEmpty()) {
            return new AgeScan(from, true);
        }
        long next = page.get(page.size() - 1).seq() + 1;
        return new AgeScan(next, next > head);
    }
}
