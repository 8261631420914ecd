package dev.herald.adapter.file;

import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.IdempotencyKeyReusedException;
import dev.herald.application.port.out.StoredCallbacks;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The events of every job in a log of segment files in one directory, for a single gateway
 * process (the directory is locked to it).
 *
 * <p><b>Writing.</b> Each {@code appendAll} is one record ({@link RecordFormat}: length, CRC-32C,
 * job, seqs, time, key, events), so a batch is on disk whole or not at all. Appenders encode their
 * record, then, under the store's lock, check their key, take their seqs and join the queue: the
 * queue holds each job's records in seq order. One appender at a time is the writer (leader and
 * followers): it takes the queue, writes it with one positional write per MiB, makes each record
 * visible to readers, runs each append's {@code onStored} in queue order (so a job's callbacks come
 * one at a time, in seq order), wakes each appender, and hands the writing to the first appender
 * that queued meanwhile. An append returns once its record is written: the bytes are in the
 * operating system's cache, which outlives this process (kill -9); {@link FsyncPolicy} says when
 * they are forced to the disk as well. A failed write is cut off the file again, every append it
 * held or that queued behind it fails with {@link EventStoreUnavailableException}, and their seqs
 * and keys are handed out again.
 *
 * <p><b>Reading.</b> The index is in memory and rebuilt by scanning the segments at start
 * ({@link JobLog}: per job 12 bytes per record, arrays grown by half, plus about 300 bytes; a
 * million single-event records over 10 000 jobs measured about 17 MB of heap, and reopened in about
 * 2 s from 126 MB of segments). A read finds the records in the index and reads them with
 * positional reads; head and facts come from memory alone. A torn last record (the process died
 * in the middle of a write, which was then never acknowledged) fails its length or CRC check at
 * start and is cut off.
 *
 * <p><b>Keys.</b> Kept in memory per job ({@link JobKeys}: the key, the fingerprint and ~60 bytes,
 * for each key within the window) and rebuilt from the records at start, each record holding the
 * window its key was claimed with. Keys older than the latest window are forgotten: per job when
 * the job is next claimed, and for all jobs every {@value #KEY_SWEEP_EVERY} keyed appends.
 *
 * <p><b>Retention.</b> A delete moves the job's first seq up ({@link JobLog#dropBefore}) and records
 * it in {@link RetentionFloors}, forced before it returns; at start the floors are applied after
 * the scan. The deleted events stay in the segments (the head is rebuilt from them, so seqs are
 * never reused) but are never read again. <b>Not yet:</b> giving back the space of segments that
 * hold only deleted events.
 */
public final class FileEventStore implements EventStore, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileEventStore.class.getName());

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** A writer takes at most this much of the queue at once (and always at least one record). */
    private static final long MAX_GROUP_BYTES = 16L << 20;
    private static final int KEY_SWEEP_EVERY = 4096;

    private final SegmentLog log;
    private final FsyncPolicy fsync;
    private final EventTypes types = new EventTypes();
    private final EventReader reader;
    private final Map<JobId, JobLog> jobs = new ConcurrentHashMap<>();
    private final RetentionFloors floors;
    private final ScheduledExecutorService syncer;

    /** Guards the queue, the writer's turn, closing, and each job's assigned head and keys. */
    private final Object lock = new Object();
    /** Serializes retention deletes (never held by appenders). */
    private final Object deletions = new Object();
    private List<PendingAppend> queue = new ArrayList<>();
    private boolean writing;
    private boolean closed;
    private long latestForgetBeforeMillis = Long.MIN_VALUE;
    private int keyedSinceSweep;

    private FileEventStore(SegmentLog log, FsyncPolicy fsync) {
        this.log = log;
        this.floors = RetentionFloors.open(log.directory());
        this.fsync = fsync;
        this.reader = new EventReader(log, types);
        this.syncer = fsync.mode() == FsyncPolicy.Mode.INTERVAL ? startSyncer(fsync) : null;
    }

    /** Opens (or creates) the log in {@code directory}: 64 MiB segments, no fsync. */
    public static FileEventStore open(Path directory) {
        return open(directory, FsyncPolicy.never(), DEFAULT_SEGMENT_BYTES);
    }

    /**
     * Opens (or creates) the log in {@code directory}, scanning it to rebuild the index.
     *
     * @throws IllegalStateException when another process has it open, or its records contradict
     *                               each other (a job's seqs not following on)
     * @throws UncheckedIOException  when it cannot be read
     */
    public static FileEventStore open(Path directory, FsyncPolicy fsync, long segmentBytes) {
        SegmentLog log = SegmentLog.open(directory.toAbsolutePath(), segmentBytes,
                fsync.mode() != FsyncPolicy.Mode.NEVER);
        FileEventStore store = new FileEventStore(log, fsync);
        try {
            store.rebuild();
        } catch (IOException e) {
            store.closeQuietly();
            throw new UncheckedIOException("Cannot read the event log in " + directory, e);
        } catch (RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    // ---- start

    private void rebuild() throws IOException {
        long started = System.nanoTime();
        List<Integer> segments = log.segmentNumbers();
        long records = 0;
        int lastSegment = 0;
        long lastEnd = 0;
        for (int segment : segments) {
            FileChannel channel = log.openExisting(segment);
            long[] count = new long[1];
            SegmentScanner.Scan scan = SegmentScanner.scan(channel, (offset, body, lastType) -> {
                index(SegmentLog.position(segment, offset), body, lastType);
                count[0]++;
            });
            records += count[0];
            if (scan.torn()) {
                LOG.log(System.Logger.Level.WARNING, "The event log segment " + log.file(segment) + " ends in "
                        + scan.problem() + " at offset " + scan.goodEnd() + "; cutting off its last "
                        + (scan.fileSize() - scan.goodEnd()) + " bytes (a write that was never acknowledged)");
                channel.truncate(scan.goodEnd());
            }
            lastSegment = segment;
            lastEnd = scan.goodEnd();
        }
        log.continueAt(lastSegment, lastEnd);
        applyFloors();
        for (JobLog job : jobs.values()) {
            if (job.keys != null) {
                job.keys.forgetBefore(latestForgetBeforeMillis);
            }
        }
        LOG.log(System.Logger.Level.INFO, "Event log " + log.directory() + ": " + segments.size() + " segments, "
                + records + " records, " + jobs.size() + " jobs, read in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms; fsync " + fsync);
    }

    private void index(long position, RecordBody body, String lastType) {
        JobLog job = jobs.computeIfAbsent(JobId.of(body.jobId()), JobLog::new);
        if (body.firstSeq() != job.head() + 1 || body.lastSeq() > JobLog.MAX_SEQ) {
            throw new IllegalStateException("The event log in " + log.directory() + " is inconsistent: segment "
                    + SegmentLog.segmentOf(position) + " offset " + SegmentLog.offsetOf(position) + " holds seqs "
                    + body.firstSeq() + ".." + body.lastSeq() + " of job " + job.jobId + ", whose head is "
                    + job.head());
        }
        job.add(position, body.firstSeq(), body.count(), body.occurredAtMillis(), types.of(lastType));
        job.assignedHead = body.lastSeq();
        if (body.key() != null) {
            JobKeys keys = job.keys();
            keys.forgetBefore(body.forgetBeforeMillis());
            keys.remember(body.key(), new JobKeys.Claimed(body.fingerprint(), body.firstSeq(), body.count(),
                    body.occurredAtMillis(), null));
            latestForgetBeforeMillis = Math.max(latestForgetBeforeMillis, body.forgetBeforeMillis());
        }
    }

    /** Retention's deletes recorded before this start. */
    private void applyFloors() throws IOException {
        for (Map.Entry<String, Long> floor : floors.all().entrySet()) {
            JobLog job = jobs.get(JobId.of(floor.getKey()));
            if (job != null) {
                dropBefore(job, floor.getValue());
            }
        }
    }

    private void dropBefore(JobLog job, long firstSeq) throws IOException {
        JobLog.Span first = job.dropBefore(firstSeq);
        if (first != null) {
            List<JobEvent> read = reader.read(job.jobId, first, first.from(), first.to());
            if (!read.isEmpty()) {
                job.firstEventAt(read.get(0).seq(), read.get(0).occurredAt().toEpochMilli());
            }
        }
    }

    // ---- appending

    @Override
    public AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        long at = occurredAt.toEpochMilli();
        byte[] record = RecordFormat.encode(jobId, events, at, claim);
        JobLog job = jobs.computeIfAbsent(jobId, JobLog::new);
        PendingAppend mine;
        JobKeys.Claimed earlier = null;
        boolean lead = false;
        synchronized (lock) {
            if (closed) {
                throw new EventStoreUnavailableException("The event log is closed");
            }
            if (log.isDamaged()) {
                throw new EventStoreUnavailableException("The event log in " + log.directory()
                        + " could not cut off a failed write; it takes appends again after a restart");
            }
            if (claim.isPresent()) {
                earlier = earlier(job, claim.get());
            }
            if (earlier == null) {
                mine = enqueue(job, record, events, Instant.ofEpochMilli(at), claim, onStored);
                if (!writing) {
                    writing = true;
                    lead = true;
                }
            } else {
                mine = null;
            }
        }
        if (mine == null) {
            return replay(jobId, earlier);
        }
        if (lead || mine.awaitTurn() == PendingAppend.State.LEAD) {
            writeGroup();
        }
        PendingAppend.State outcome = mine.awaitTurn();
        if (outcome != PendingAppend.State.STORED) {
            throw unavailable(mine.failure());
        }
        return new AppendResult(jobId, mine.firstSeq, mine.lastSeq(), mine.occurredAt, false);
    }

    /** Under the lock: the key's earlier append, or null when it is new (or forgotten). */
    private JobKeys.Claimed earlier(JobLog job, IdempotencyClaim claim) {
        long forgetBefore = claim.forgetBefore().toEpochMilli();
        latestForgetBeforeMillis = Math.max(latestForgetBeforeMillis, forgetBefore);
        if (job.keys == null) {
            return null;
        }
        JobKeys.Claimed claimed = job.keys.find(claim.key().value(), forgetBefore);
        if (claimed != null && !claimed.fingerprint.equals(claim.fingerprint())) {
            throw new IdempotencyKeyReusedException(job.jobId, claim.key());
        }
        return claimed;
    }

    /** Under the lock: the append's seqs and key, and its place in the queue. */
    private PendingAppend enqueue(JobLog job, byte[] record, List<NewEvent> events, Instant at,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        long firstSeq = job.assignedHead + 1;
        if (job.assignedHead + events.size() > JobLog.MAX_SEQ) {
            throw new EventStoreUnavailableException("Job " + job.jobId + " holds the most events the file store "
                    + "keeps for one job (" + JobLog.MAX_SEQ + ")");
        }
        PendingAppend pending;
        if (claim.isPresent()) {
            String key = claim.get().key().value();
            JobKeys.Claimed claimed = new JobKeys.Claimed(claim.get().fingerprint(), firstSeq, events.size(),
                    at.toEpochMilli(), null);
            pending = new PendingAppend(job, record, firstSeq, events, at, onStored, key, claimed);
            claimed.inFlight = pending;
            job.keys().remember(key, claimed);
            if (++keyedSinceSweep >= KEY_SWEEP_EVERY) {
                keyedSinceSweep = 0;
                forgetExpiredKeys();
            }
        } else {
            pending = new PendingAppend(job, record, firstSeq, events, at, onStored, null, null);
        }
        job.assignedHead += events.size();
        queue.add(pending);
        return pending;
    }

    /** Under the lock: bounds the keys of jobs that are no longer claimed by the latest window. */
    private void forgetExpiredKeys() {
        for (JobLog job : jobs.values()) {
            if (job.keys != null) {
                job.keys.forgetBefore(latestForgetBeforeMillis);
                if (job.keys.isEmpty()) {
                    job.keys = null;
                }
            }
        }
    }

    /** A retry: the first append's result once that append is stored (it may be in flight still). */
    private AppendResult replay(JobId jobId, JobKeys.Claimed first) {
        PendingAppend inFlight = first.inFlight;
        if (inFlight != null && inFlight.awaitOutcome() != PendingAppend.State.STORED) {
            throw unavailable(inFlight.failure());
        }
        return new AppendResult(jobId, first.firstSeq, first.firstSeq + first.count - 1,
                Instant.ofEpochMilli(first.occurredAtMillis), true);
    }

    /** The writer's turn: one group from the queue, then the turn goes to the next appender. */
    private void writeGroup() {
        List<PendingAppend> group = takeGroup();
        try {
            long[] positions = write(group);
            if (positions != null) {
                announce(group, positions);
            }
        } finally {
            handOver();
        }
    }

    private List<PendingAppend> takeGroup() {
        synchronized (lock) {
            long bytes = 0;
            int n = 0;
            while (n < queue.size() && (n == 0 || bytes + queue.get(n).record().length <= MAX_GROUP_BYTES)) {
                bytes += queue.get(n).record().length;
                n++;
            }
            if (n == queue.size()) {
                List<PendingAppend> all = queue;
                queue = new ArrayList<>();
                return all;
            }
            List<PendingAppend> group = new ArrayList<>(queue.subList(0, n));
            queue.subList(0, n).clear();
            return group;
        }
    }

    /** The group's positions, or null when it failed (each of its appends and the queue told so). */
    private long[] write(List<PendingAppend> group) {
        List<byte[]> records = new ArrayList<>(group.size());
        long bytes = 0;
        for (PendingAppend pending : group) {
            byte[] record = pending.record();
            RecordFormat.seal(record, pending.firstSeq);
            records.add(record);
            bytes += record.length;
        }
        try {
            return log.write(records, bytes, fsync.mode() == FsyncPolicy.Mode.ALWAYS);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot write " + group.size() + " records to the event log in "
                    + log.directory() + "; those appends and the ones queued behind them fail", e);
            failAll(group, e);
            return null;
        }
    }

    /**
     * Fails the group and everything queued behind it (their seqs followed the group's), and hands
     * their seqs and keys out again.
     */
    private void failAll(List<PendingAppend> group, Exception cause) {
        List<PendingAppend> failed = new ArrayList<>(group);
        synchronized (lock) {
            failed.addAll(queue);
            queue = new ArrayList<>();
            for (PendingAppend pending : failed) {
                // nothing after the visible head is in the file, and the queue is empty now
                pending.job.assignedHead = pending.job.head();
                if (pending.claimed != null && pending.job.keys != null) {
                    pending.job.keys.forget(pending.key, pending.claimed);
                }
            }
        }
        for (PendingAppend pending : failed) {
            pending.fail(cause);
        }
    }

    /** Makes the group visible, then tells each appender, in queue order. */
    private void announce(List<PendingAppend> group, long[] positions) {
        int told = 0;
        boolean visible = false;
        try {
            for (int i = 0; i < group.size(); i++) {
                PendingAppend pending = group.get(i);
                List<NewEvent> events = pending.events();
                pending.job.add(positions[i], pending.firstSeq, pending.count, pending.occurredAt.toEpochMilli(),
                        events.get(events.size() - 1).eventType());
            }
            visible = true;
            for (; told < group.size(); told++) {
                PendingAppend pending = group.get(told);
                callBack(pending);
                if (pending.claimed != null) {
                    pending.claimed.inFlight = null;
                }
                pending.succeed();
            }
        } catch (RuntimeException | Error e) {
            // a broken invariant, or an Error from a callback: no appender may be left waiting
            for (; told < group.size(); told++) {
                if (visible) {
                    group.get(told).succeed();
                } else {
                    group.get(told).fail(e);
                }
            }
            throw e;
        }
    }

    private static void callBack(PendingAppend pending) {
        List<NewEvent> events = pending.events();
        Consumer<JobEvent> onStored = pending.onStored();
        for (int i = 0; i < events.size(); i++) {
            StoredCallbacks.run(onStored, events.get(i).stored(pending.job.jobId, pending.firstSeq + i,
                    pending.occurredAt));
        }
    }

    private void handOver() {
        PendingAppend next;
        synchronized (lock) {
            if (queue.isEmpty()) {
                writing = false;
                lock.notifyAll();
                return;
            }
            next = queue.get(0);
        }
        next.lead();
    }

    private static EventStoreUnavailableException unavailable(Throwable cause) {
        if (cause instanceof EventStoreUnavailableException unavailable) {
            return unavailable;
        }
        return new EventStoreUnavailableException("The event log could not store the events: " + cause, cause);
    }

    // ---- reading

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        JobLog job = jobs.get(jobId);
        if (job == null || limit <= 0) {
            return List.of();
        }
        long head = job.head();
        if (afterSeq >= head) {
            return List.of();
        }
        long from = Math.max(afterSeq + 1, job.firstSeq());
        long to = Math.min(head, from + limit - 1);
        JobLog.Span span = job.locate(from, to);
        if (span == null) {
            return List.of();
        }
        try {
            return reader.read(jobId, span, span.from(), span.to());
        } catch (IOException e) {
            throw new EventStoreUnavailableException("Cannot read job " + jobId + " from the event log in "
                    + log.directory(), e);
        } catch (CorruptRecordException e) {
            throw new EventStoreUnavailableException("The event log in " + log.directory() + " is damaged: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long headSeq(JobId jobId) {
        JobLog job = jobs.get(jobId);
        return job == null ? 0 : job.head();
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        JobLog job = jobs.get(jobId);
        return job == null ? Optional.empty() : job.facts();
    }

    @Override
    public long firstSeq(JobId jobId) {
        JobLog job = jobs.get(jobId);
        return job == null ? 1 : job.firstSeq();
    }

    /**
     * Never waits for appenders: only the job's index entry and the floors file are touched. Bounded
     * by {@code maxEvents} like every store, though here a delete of any size costs the same.
     */
    @Override
    public Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        JobLog job = jobs.get(jobId);
        if (job == null) {
            return new Deletion(jobId, 0, 1, 0);
        }
        // one delete at a time; appenders never take this lock, and the job's monitor is held only for memory work
        synchronized (deletions) {
            long first = job.firstSeq();
            long head = job.head();
            long target = Math.max(first, Math.min(Math.min(beforeSeq, head + 1), first + maxEvents));
            if (target == first) {
                return new Deletion(jobId, 0, first, head);
            }
            synchronized (lock) {
                if (closed) {
                    throw new EventStoreUnavailableException("The event log is closed");
                }
            }
            try {
                floors.record(jobId, target);
                dropBefore(job, target);
            } catch (IOException e) {
                throw new EventStoreUnavailableException("Cannot record a retention delete of job " + jobId + " in "
                        + floors.file(), e);
            }
            return new Deletion(jobId, target - first, job.firstSeq(), job.head());
        }
    }

    @Override
    public List<JobId> jobsAfter(Optional<JobId> after, int limit) {
        return jobs.keySet().stream().filter(job -> after.isEmpty() || job.compareTo(after.get()) > 0).sorted()
                .limit(Math.max(0, limit)).toList();
    }

    // ---- health and closing

    /** Whether appends are taken: open, and no failed write left behind. */
    public boolean isWritable() {
        synchronized (lock) {
            return !closed && !log.isDamaged();
        }
    }

    public Path directory() {
        return log.directory();
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    /** Refuses new appends, lets the queued ones finish, then forces and closes the files. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            boolean interrupted = false;
            while (writing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (syncer != null) {
            syncer.shutdownNow();
        }
        try {
            floors.close();
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the event log in " + log.directory(), e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot close the event log in " + log.directory(), e);
        }
    }

    private ScheduledExecutorService startSyncer(FsyncPolicy policy) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "herald-event-log-fsync");
            thread.setDaemon(true);
            return thread;
        });
        long millis = policy.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                log.forceIfDirty();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot fsync the event log in " + log.directory(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return executor;
    }
}
