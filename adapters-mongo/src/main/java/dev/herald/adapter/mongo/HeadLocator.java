package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import static dev.herald.adapter.mongo.JobEventDocument.BATCH_FIRST;
import static dev.herald.adapter.mongo.JobEventDocument.BATCH_LAST;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

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
 *   <li>If H is stored but the whole window is too (the hint lags: under load the heads document
 *       is updated after the insert, by then a group of appends may be past it; or there is no
 *       heads document for a job with many events), probing goes on past the window in windows
 *       that double, up to {@value #MAX_FOLLOW} seqs past H, and the heads document is advanced to
 *       what was found.</li>
 *   <li>Otherwise the hint is ahead of the events (H itself is not stored: a restore from an
 *       inconsistent backup) or more than {@value #MAX_FOLLOW} behind. Then, once, the sort query on the
 *       {@code (jobId, seq)} index ({@link EventEdges}) gives the head, and the heads document is
 *       repaired so that the next lookup is a point lookup again.</li>
 * </ol>
 *
 * <p>Why follow a lagging hint with point lookups rather than take the sort query at once: on
 * mongo-java-server (the embedded store) the sort query scans every event of every job while it
 * holds the collection's lock, seconds for a store of a few hundred thousand events, and every
 * append waits for it. A hint lags exactly when appends are busiest.
 *
 * <p>So a head that lags behind an insert (an appender between its insert and its heads update) is
 * still found: a reader or a reconciliation never misses a stored event because of the hint.
 */
final class HeadLocator {

    /** Seqs probed past a hint: more than the appends usually in flight between insert and hint update. */
    static final int WINDOW = 16;
    /** Seqs probed per job when locating many heads at once: keeps the one {@code $in} list short. */
    static final int BATCH_WINDOW = 4;
    /** How far past a stored hint point lookups follow a gapless run before the sort query. */
    static final int MAX_FOLLOW = 4096;
    /** The largest window of one probe while following (the {@code $in} list of one query). */
    static final int MAX_FOLLOW_WINDOW = 512;

    private static final System.Logger LOG = System.getLogger(HeadLocator.class.getName());

    private final JobHeads heads;
    private final StoredSeqs seqs;
    private final EventEdges edges;

    HeadLocator(JobHeads heads, StoredSeqs seqs, EventEdges edges) {
        this.heads = heads;
        this.seqs = seqs;
        this.edges = edges;
    }

    /** The job's head (open batches left out, see {@link SeqRun#head()}); 0 when it has no events. */
    long head(JobId jobId, OptionalLong localHint) {
        return locate(jobId, localHint).head();
    }

    /** A settled run that ends at the job's last stored seq: its head, and an open batch past it if any. */
    SeqRun locate(JobId jobId, OptionalLong localHint) {
        if (localHint.isPresent()) {
            // usually this instance appended last: H stored, H + 1 not, settled by two keys
            SeqRun quick = seqs.runFrom(jobId, localHint.getAsLong(), 1);
            if (quick.settled()) {
                return quick;
            }
            if (quick.fromStored()) {
                SeqRun run = follow(jobId, seqs.runFrom(jobId, quick.end(), WINDOW));
                if (run.settled()) {
                    return run;
                }
            }
        }
        JobHeads.Hint stored = heads.read(jobId);
        long hint = stored.start();
        if (localHint.isEmpty() || localHint.getAsLong() != hint || stored.deleted(hint)) {
            SeqRun run = follow(jobId, probe(jobId, hint, WINDOW, stored));
            if (run.settled()) {
                advanced(jobId, stored.head().orElse(0L), run.head());
                return run;
            }
        }
        return recount(jobId, stored);
    }

    /** A probe from {@code from}; a seq deleted by retention counts as stored (it was, before the head). */
    private SeqRun probe(JobId jobId, long from, int window, JobHeads.Hint hint) {
        return deletedCountsAsStored(seqs.runFrom(jobId, from, window), hint);
    }

    private static SeqRun deletedCountsAsStored(SeqRun run, JobHeads.Hint hint) {
        return !run.fromStored() && hint.deleted(run.from())
                ? new SeqRun(run.from(), true, run.end(), run.windowEnd(), run.openFrom()) : run;
    }

    /**
     * Past a window found stored from end to end, the next seqs, in windows that double, until a
     * missing seq settles the head or {@value #MAX_FOLLOW} seqs past the hint were followed.
     */
    private SeqRun follow(JobId jobId, SeqRun run) {
        int window = WINDOW;
        while (run.fromStored() && !run.settled() && run.end() - run.from() < MAX_FOLLOW) {
            long from = run.from();
            window = Math.min(window * 2, MAX_FOLLOW_WINDOW);
            SeqRun next = seqs.runFrom(jobId, run.end(), window);
            run = new SeqRun(from, next.fromStored(), next.end(), next.windowEnd(), next.openFrom());
        }
        return run;
    }

    /** The head found past a hint; a hint that lagged by more than a window is moved up to it. */
    private long advanced(JobId jobId, long hint, long head) {
        if (head - hint > WINDOW) {
            heads.advance(jobId, head);
        }
        return head;
    }

    /**
     * Heads of many jobs: one query for their heads documents and one probe of
     * {@value #BATCH_WINDOW} seqs per job for all of them, from the higher of the heads document
     * and this instance's own last append; a job that this does not settle is followed past its
     * hint, or recounted, as in {@link #head}.
     */
    Map<JobId, Long> heads(Collection<JobId> jobIds, Function<JobId, OptionalLong> localHints) {
        Map<JobId, JobHeads.Hint> hints = heads.readAll(jobIds);
        Map<JobId, Long> starts = new HashMap<>();
        // what this instance appended last is stored, and often ahead of a heads document it has
        // not updated yet
        jobIds.forEach(jobId -> starts.put(jobId,
                Math.max(hints.getOrDefault(jobId, JobHeads.Hint.NONE).start(), localHints.apply(jobId).orElse(0L))));
        Map<JobId, SeqRun> runs = seqs.runsFrom(starts, BATCH_WINDOW);
        Map<JobId, Long> found = new HashMap<>();
        runs.forEach((jobId, run) -> {
            SeqRun counted = deletedCountsAsStored(run, hints.getOrDefault(jobId, JobHeads.Hint.NONE));
            if (counted.settled()) {
                found.put(jobId, counted.head());
            }
        });
        for (JobId jobId : jobIds) {
            if (!found.containsKey(jobId)) {
                JobHeads.Hint stored = hints.getOrDefault(jobId, JobHeads.Hint.NONE);
                SeqRun run = follow(jobId, probe(jobId, starts.get(jobId), WINDOW, stored));
                found.put(jobId, run.settled() ? advanced(jobId, stored.head().orElse(0L), run.head())
                        : recount(jobId, stored).head());
            }
        }
        return found;
    }

    /** The authoritative head from the sort query, and the heads document set to it. */
    private SeqRun recount(JobId jobId, JobHeads.Hint document) {
        OptionalLong stored = document.head();
        Optional<CommunicationEntity> lastDocument = edges.last(jobId, SEQ, BATCH_FIRST, BATCH_LAST);
        // retention may have deleted every event: the head is then the last seq deleted
        long last = Math.max(lastDocument.map(JobEventDocument::seqOf).orElse(0L), document.first() - 1);
        long openFrom = lastDocument.filter(d -> JobEventDocument.seqOf(d) == last).map(d -> JobEventDocument.openBatchFirst(last, JobEventDocument.fields(d))).orElse(0L);
        SeqRun run = new SeqRun(last, true, last, last + 1, openFrom);
        long head = run.head();
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
        return run;
    }
}
