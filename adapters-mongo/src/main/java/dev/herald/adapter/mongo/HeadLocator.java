package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Finds a job's head (its highest stored seq) with point lookups only, from hints that may be
 * wrong. The rule:
 *
 * <ol>
 *   <li>Take a hint H: the seq this instance appended last ({@link KnownHeads}), else the job's
 *       {@link JobHeads} document, else 0.</li>
 *   <li>Probe seqs H, H + 1, ..., H + {@value #WINDOW} in one query ({@link StoredSeqs}). If H is
 *       stored (or 0) and some seq in the window is missing, the head is the seq before the first
 *       missing one: seqs are stored in order, so nothing lies beyond a gap. (With the local hint,
 *       H and H + 1 are probed first: when this instance appended last, that settles it.)</li>
 *   <li>Otherwise (the local hint was stale): the same with the heads document's hint.</li>
 *   <li>Otherwise the hint is far behind (a whole window stored past it: no heads document for a
 *       job with many events, or {@value #WINDOW} appends that died before updating it) or ahead
 *       of the events (H itself is not stored: a restore from an inconsistent backup). Then, once,
 *       the sort query on the {@code (jobId, seq)} index ({@link EventEdges}) gives the head, and
 *       the heads document is repaired so that the next lookup is a point lookup again.</li>
 * </ol>
 *
 * <p>So a head that lags behind an insert (an appender between its insert and its heads update) is
 * still found: a reader or a reconciliation never misses a stored event because of the hint.
 */
final class HeadLocator {

    /** Seqs probed past a hint: more than the appends usually in flight between insert and hint update. */
    static final int WINDOW = 16;
    /** Seqs probed per job when locating many heads at once: keeps the one {@code $in} list short. */
    static final int BATCH_WINDOW = 4;

    private static final System.Logger LOG = System.getLogger(HeadLocator.class.getName());

    private final JobHeads heads;
    private final StoredSeqs seqs;
    private final EventEdges edges;

    HeadLocator(JobHeads heads, StoredSeqs seqs, EventEdges edges) {
        this.heads = heads;
        this.seqs = seqs;
        this.edges = edges;
    }

    /** The job's head; 0 when it has no events. */
    long head(JobId jobId, OptionalLong localHint) {
        if (localHint.isPresent()) {
            // usually this instance appended last: H stored, H + 1 not, settled by two keys
            SeqRun quick = seqs.runFrom(jobId, localHint.getAsLong(), 1);
            if (quick.settled()) {
                return quick.head();
            }
            if (quick.fromStored()) {
                SeqRun run = seqs.runFrom(jobId, quick.end(), WINDOW);
                if (run.settled()) {
                    return run.head();
                }
            }
        }
        OptionalLong stored = heads.read(jobId);
        long hint = stored.orElse(0L);
        if (localHint.isEmpty() || localHint.getAsLong() != hint) {
            SeqRun run = seqs.runFrom(jobId, hint, WINDOW);
            if (run.settled()) {
                return run.head();
            }
        }
        return recount(jobId, stored);
    }

    /**
     * Heads of many jobs: one query for their heads documents and one probe of
     * {@value #BATCH_WINDOW} seqs per job for all of them; a job that this does not settle gets
     * the rule of {@link #head} (rare: its hint lags by {@value #BATCH_WINDOW} or more).
     */
    Map<JobId, Long> heads(Collection<JobId> jobIds) {
        Map<JobId, Long> hints = heads.readAll(jobIds);
        Map<JobId, Long> starts = new HashMap<>();
        jobIds.forEach(jobId -> starts.put(jobId, hints.getOrDefault(jobId, 0L)));
        Map<JobId, SeqRun> runs = seqs.runsFrom(starts, BATCH_WINDOW);
        Map<JobId, Long> found = new HashMap<>();
        runs.forEach((jobId, run) -> {
            if (run.settled()) {
                found.put(jobId, run.head());
            }
        });
        for (JobId jobId : jobIds) {
            if (!found.containsKey(jobId)) {
                OptionalLong stored = hints.containsKey(jobId) ? OptionalLong.of(hints.get(jobId)) : OptionalLong.empty();
                SeqRun run = seqs.runFrom(jobId, starts.get(jobId), WINDOW);
                found.put(jobId, run.settled() ? run.head() : recount(jobId, stored));
            }
        }
        return found;
    }

    /** The authoritative head from the sort query, and the heads document set to it. */
    private long recount(JobId jobId, OptionalLong stored) {
        long head = edges.lastSeq(jobId);
        long hint = stored.orElse(0L);
        if (hint > head) {
            LOG.log(Level.WARNING, "Event store: the head hint of job {0} says seq {1} but its last stored event is "
                    + "seq {2} (events lost, e.g. restored from an older backup?); appends continue after seq {2}",
                    jobId.value(), String.valueOf(hint), String.valueOf(head));
            heads.reset(jobId, head);
        } else if (hint < head || stored.isEmpty() && head > 0) {
            LOG.log(Level.DEBUG, "Event store: the head hint of job {0} was {1}, its head is {2}; hint repaired",
                    jobId.value(), stored.isPresent() ? String.valueOf(hint) : "missing", String.valueOf(head));
            heads.advance(jobId, head);
        }
        return head;
    }
}
