package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterSettings;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.Deletion;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import org.bson.Document;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentConfiguration;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentManager;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;

/**
 * The event store on MongoDB, through Jakarta NoSQL's document API (Eclipse JNoSQL) and, where
 * that API has no means, the driver (each such place says why).
 *
 * <p>Every query is a point lookup, so that it is served by an index on a real MongoDB and on
 * mongo-java-server alike (the embedded server uses an index only for equality or {@code $in} on
 * all of its fields; a range or a sort scans every event of every job). Events have computed
 * {@code _id}s ({@link EventKeys}: job id and seq), and a small {@code job_heads} collection
 * ({@link JobHeads}) holds a hint of each job's head.
 *
 * <p>Seq assignment, one turn per job at a time on this instance ({@link AppendLocks}), and the
 * turn writes every append of the job waiting for it as one group: find the head N with point
 * lookups ({@link HeadLocator}: it checks that N is stored), insert N + 1 ... N + k in one ordered
 * insert ({@link EventBatchInsert}); when another gateway instance took one of those seqs first,
 * the {@code _id} (and the unique {@code (jobId, seq)} index) refuses it, the insert stops there,
 * and after a short random pause the rest are stored after the taken seq. Seq N + 1 is only ever
 * inserted once N is stored, so readers never see a hole, and the unique keys make a duplicate
 * impossible. A batch is one append: its documents are inserted together, each marked with the
 * batch's first and last seq, and readers see none of it until its last is stored
 * ({@link OpenBatches}); an append's idempotency key rides on its first document
 * ({@link PublishKeys}). Every {@value #HINT_STRIDE} seqs an instance stores, it moves the job's
 * heads document up ({@code $max}). No transactions needed (the embedded server has none).
 *
 * <p>Does not own the {@link MongoClient}: whoever created it closes it.
 */
public final class MongoEventStore implements EventStore {

    /**
     * Seqs between two advances of a job's heads document by this instance: a round trip per group
     * of appends was a third of an append's. Half of {@link HeadLocator#WINDOW}, so that the first
     * probe past the document (of another instance, or after a restart) still finds the head.
     */
    static final int HINT_STRIDE = HeadLocator.WINDOW / 2;
    /** Jobs per round of {@link #headSeqs}: keeps each {@code $in} list and reply small. */
    static final int HEAD_SEQS_CHUNK = 500;
    /**
     * Events of one job written in one insert at most, unless one batch holds more (it goes alone).
     * As large as the largest batch, so concurrent batches of a job share one insert and one turn
     * (at 128, 64 publishers of batches of 100 took one turn per request).
     */
    static final int MAX_APPEND_GROUP = 1000;
    /** Jobs whose last appended seq is remembered: the busy ones of the moment, ~100 bytes each. */
    static final int KNOWN_HEADS_CAPACITY = 10_000;
    /** Events per delete command of a retention batch (see {@link #deleteBefore}). */
    static final int DELETE_CHUNK = 16;
    /**
     * How long an appender waits for its append or the turn before it tries the turn again anyway: a
     * safety net, since a turn that ends offers the next one. Every waiting publisher wakes at each
     * recheck; at 20 ms, with 64 publishers of batches waiting, that was a tenth of the gateway's CPU.
     */
    static final Duration TURN_RECHECK = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(MongoEventStore.class.getName());

    private final MongoDBDocumentManager documents;
    private final MongoDatabase database;
    private final JobEventsIndex index;
    private final EventKeyMigration eventKeys;
    private final JobHeads heads;
    private final HeadLocator headLocator;
    private final EventPages pages;
    private final JobFactsReader factsReader;
    private final KnownHeads knownHeads = new KnownHeads(KNOWN_HEADS_CAPACITY);
    private final AppendLocks appendLocks = new AppendLocks();
    /** Appends that found their seq taken by another instance: for tests of the locking. */
    private final LongAdder lostRaces = new LongAdder();
    /** Insert round trips of appends: for tests of the grouping. */
    private final LongAdder insertRounds = new LongAdder();
    private final EventBatchInsert inserts;
    private final PublishKeys publishKeys;
    private final OpenBatches openBatches;

    /**
     * Runs the migrations now (the unique index; the rewrite of events stored with ObjectId
     * {@code _id}s by earlier versions, once per database, see {@link EventKeyMigration}); when the
     * database is unreachable that waits at most the server selection timeout, and the migrations
     * are retried before the next operation.
     *
     * @throws EventStoreUnavailableException when a non-unique index on (jobId, seq) is in the way:
     *                                        an operator must drop it
     */
    public MongoEventStore(MongoClient client, String databaseName) {
        this(client, databaseName, OpenBatches.STALE);
    }

    /**
     * @param openBatchStale how old a batch stored in part must be before an appender deletes it:
     *                       longer than any insert can still be under way ({@link OpenBatches#staleAfter})
     */
    public MongoEventStore(MongoClient client, String databaseName, Duration openBatchStale) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(databaseName, "databaseName");
        // built from our client, not from JNoSQL's CDI config; never close the factory: that closes the client
        this.documents = new MongoDBDocumentConfiguration().get(client).apply(databaseName);
        this.database = client.getDatabase(databaseName);
        this.index = new JobEventsIndex(database);
        this.heads = new JobHeads(documents, database);
        this.eventKeys = new EventKeyMigration(database, heads);
        EventEdges edges = new EventEdges(documents);
        this.headLocator = new HeadLocator(heads, new StoredSeqs(documents), edges);
        this.pages = new EventPages(database.getCollection(COLLECTION));
        this.inserts = new EventBatchInsert(database.getCollection(COLLECTION));
        this.publishKeys = new PublishKeys(database.getCollection(COLLECTION));
        this.openBatches = new OpenBatches(database.getCollection(COLLECTION), openBatchStale);
        this.factsReader = new JobFactsReader(documents, edges);
        LOG.log(Level.INFO, "Event store: MongoDB database ''{0}'', collections ''{1}'' and ''{2}'', on {3}",
                databaseName, COLLECTION, JobHeads.COLLECTION, servers(client));
        try {
            ensureSchema();
        } catch (MongoException e) {
            LOG.log(Level.WARNING, "Event store: MongoDB not reachable at start ({0}); the unique index and the event "
                    + "key migration are checked again before the first operation", e.getClass().getSimpleName());
        }
    }

    @Override
    public AppendResult appendAll(JobId jobId, List<NewEvent> events, Instant occurredAt,
                                  Optional<IdempotencyClaim> claim, Consumer<JobEvent> onStored) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(onStored, "onStored");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        // stored with millisecond precision: return exactly what a later read gives
        PendingAppend mine = new PendingAppend(jobId, events, occurredAt.truncatedTo(ChronoUnit.MILLIS), claim,
                onStored);
        appendLocks.enqueue(mine);
        long highestStored = 0;
        try {
            while (!mine.isDone()) {
                if (!appendLocks.tryTurn(jobId)) {
                    // a turn is running: it or a later one writes this append, or offers this publisher the turn
                    mine.awaitDoneOrTurn(TURN_RECHECK);
                    continue;
                }
                try {
                    // the turn before this one may have written this append already, with its own
                    while (!mine.isDone()) {
                        highestStored = Math.max(highestStored, writeWaiting(jobId));
                    }
                } finally {
                    appendLocks.endTurn(jobId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (appendLocks.withdraw(mine)) {
                appendLocks.offerTurnOnward(jobId); // it may have been offered the turn: pass it on
                throw new EventStoreUnavailableException("Interrupted while waiting to append; nothing was stored", e);
            }
            return mine.result(); // another thread's turn is writing it
        }
        if (highestStored > 0 && knownHeads.hintDue(jobId, highestStored, HINT_STRIDE)) {
            advanceHeadHint(jobId, highestStored);
        }
        return mine.result();
    }

    /**
     * Under the job's {@link AppendLocks append lock}: writes the job's waiting appends (at most
     * {@value #MAX_APPEND_GROUP} events, or one larger batch) as one group and completes each; the
     * highest seq stored, 0 if none.
     */
    private long writeWaiting(JobId jobId) {
        List<PendingAppend> group = appendLocks.takeWaiting(jobId, MAX_APPEND_GROUP);
        if (group.isEmpty()) {
            throw new IllegalStateException("An append of job " + jobId + " was taken by a turn that did not finish it");
        }
        try {
            guarded("append", () -> appendInTurn(jobId, group));
        } catch (RuntimeException e) {
            // what was stored before the failure is complete already; the rest failed with it
            for (PendingAppend append : group) {
                if (!append.isDone()) {
                    append.failed(e);
                }
            }
        }
        return group.stream().mapToLong(PendingAppend::storedSeq).max().orElse(0);
    }

    /**
     * Stores the group as the job's next seqs, in order; only other instances can race for them.
     * Each append's key is looked up first ({@link PublishKeys}); each append is completed once its
     * last event is stored. An append stored only in part (the insert stopped inside a batch) has
     * its documents deleted, and is written again (its seqs were taken) or failed (with the insert).
     */
    private Void appendInTurn(JobId jobId, List<PendingAppend> group) {
        ensureSchema();
        List<PendingAppend> pending = group;
        for (int attempt = 1; ; attempt++) {
            SeqRun run = headLocator.locate(jobId, knownHeads.get(jobId));
            PublishKeys.Settled keys = publishKeys.settle(jobId, pending, run.head());
            pending = keys.toWrite();
            if (pending.isEmpty()) {
                return null;
            }
            if (run.openFrom() == 0 && !keys.waitForOpenAppend()) {
                pending = insertGroup(jobId, pending, run.head());
                if (pending.isEmpty()) {
                    return null;
                }
                lostRaces.increment();
            } else if (run.openFrom() > 0 && openBatches.removeIfStale(jobId, run.openFrom(), run.storedEnd(), Instant.now())) {
                continue;
            }
            if (!AppendBackoff.mayRetry(attempt)) {
                throw new EventStoreUnavailableException("Gave up appending to job " + jobId + " after "
                        + attempt + " attempts (too many concurrent appenders, or a batch of another instance "
                        + "still being written)");
            }
            pauseAfterLostRace(attempt);
        }
    }

    /**
     * One ordered insert of the appends from {@code head + 1} on; completes what it stored whole.
     *
     * @return the appends still to write (their seqs were taken by another instance)
     * @throws RuntimeException what stopped the insert; the appends it did not store are not done
     */
    private List<PendingAppend> insertGroup(JobId jobId, List<PendingAppend> group, long head) {
        List<List<JobEvent>> assigned = new ArrayList<>(group.size());
        List<Document> documents = new ArrayList<>();
        long next = head + 1;
        for (PendingAppend append : group) {
            List<JobEvent> events = append.withSeqsFrom(next);
            assigned.add(events);
            documents.addAll(JobEventDocument.toDocuments(events, append.claim()));
            next += events.size();
        }
        insertRounds.increment();
        EventBatchInsert.Outcome outcome = inserts.insert(documents);
        int stored = outcome.stored();
        int done = 0;
        long storedHead = head;
        while (done < group.size() && assigned.get(done).size() <= stored) {
            group.get(done).stored(assigned.get(done));
            stored -= assigned.get(done).size();
            storedHead += assigned.get(done).size();
            done++;
        }
        if (storedHead > head) {
            knownHeads.stored(jobId, storedHead);
        }
        if (stored > 0) {
            // a batch stored in part is never acknowledged and must not stay: readers skip it meanwhile
            openBatches.deleteFailed(jobId, storedHead + 1, storedHead + stored);
        }
        if (outcome.failure().isPresent()) {
            throw outcome.failure().get();
        }
        return group.subList(done, group.size());
    }

    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        if (limit <= 0) {
            return List.of();
        }
        return guarded("readAfter", () -> {
            ensureSchema();
            List<JobEvent> read = pages.readAfter(jobId, afterSeq, limit);
            if (!read.isEmpty()) {
                return read;
            }
            // nothing at afterSeq + 1: up to date, or retention deleted it (then the read starts at
            // the first seq left); one point lookup, only for empty reads
            long first = heads.read(jobId).first();
            return first - 1 > afterSeq ? pages.readAfter(jobId, first - 1, limit) : read;
        });
    }

    @Override
    public long headSeq(JobId jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return guarded("headSeq", () -> {
            ensureSchema();
            return headLocator.head(jobId, knownHeads.get(jobId));
        });
    }

    /** Per {@value #HEAD_SEQS_CHUNK} jobs: one query on {@code job_heads} and one probe of their seqs. */
    @Override
    public Map<JobId, Long> headSeqs(Collection<JobId> jobIds) {
        Objects.requireNonNull(jobIds, "jobIds");
        List<JobId> all = List.copyOf(new LinkedHashSet<>(jobIds));
        return guarded("headSeqs", () -> {
            ensureSchema();
            Map<JobId, Long> found = new HashMap<>();
            for (int from = 0; from < all.size(); from += HEAD_SEQS_CHUNK) {
                found.putAll(headLocator.heads(all.subList(from, Math.min(all.size(), from + HEAD_SEQS_CHUNK)), knownHeads::get));
            }
            return found;
        });
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return guarded("facts", () -> {
            ensureSchema();
            long head = headLocator.head(jobId, knownHeads.get(jobId));
            return factsReader.facts(jobId, head, heads.read(jobId).first());
        });
    }

    /**
     * One point lookup: {@code first} in {@code job_heads} is never above the head + 1 (a delete
     * raises it to at most the head it found + 1, and the head never goes down).
     */
    @Override
    public long firstSeq(JobId jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return guarded("firstSeq", () -> {
            ensureSchema();
            return heads.read(jobId).first();
        });
    }

    /**
     * The heads document first (first seq and head raised, so the head outlives its events), then
     * one {@code deleteMany({_id: {$in: [keys]}})} of the seqs below: point lookups on both
     * engines. Appenders never wait for it: they only write above the head it read.
     */
    @Override
    public Deletion deleteBefore(JobId jobId, long beforeSeq, int maxEvents) {
        Objects.requireNonNull(jobId, "jobId");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        return guarded("deleteBefore", () -> {
            ensureSchema();
            long head = headLocator.head(jobId, knownHeads.get(jobId));
            long first = Math.min(heads.read(jobId).first(), head + 1);
            long target = Math.max(first, Math.min(Math.min(beforeSeq, head + 1), first + maxEvents));
            if (target == first) {
                return new Deletion(jobId, 0, first, head);
            }
            heads.raiseFirst(jobId, target, head);
            // in small deletes: the embedded server holds the collection's lock for each, and an
            // append waiting for it then waits for one small delete, not for the whole batch
            for (long from = first; from < target; from += DELETE_CHUNK) {
                database.getCollection(COLLECTION).deleteMany(com.mongodb.client.model.Filters.in(JobEventDocument.ID,
                        EventKeys.range(jobId, from, Math.min(target, from + DELETE_CHUNK) - 1)));
            }
            return new Deletion(jobId, target - first, target, head);
        });
    }

    @Override
    public List<JobId> jobsAfter(Optional<JobId> after, int limit) {
        Objects.requireNonNull(after, "after");
        return guarded("jobsAfter", () -> {
            ensureSchema();
            return heads.page(after, limit);
        });
    }

    /**
     * The schema and data migrations, in this order: nothing may run while a non-unique
     * {@code (jobId, seq)} index is in the way, and the rewrite of old events is written for the
     * unique one (it sets an event's seq aside before the keyed copy takes it). Cheap once done.
     */
    private void ensureSchema() {
        index.ensure();
        eventKeys.ensure();
    }

    /**
     * A round trip to the server ({@code ping}), bounded by the server selection timeout; for the
     * health check. Raw driver: Jakarta NoSQL has no command API.
     */
    public boolean ping() {
        try {
            database.runCommand(new Document("ping", 1));
            return true;
        } catch (MongoException e) {
            return false;
        }
    }

    long lostRaces() {
        return lostRaces.sum();
    }

    long insertRounds() {
        return insertRounds.sum();
    }

    AppendLocks appendLocks() {
        return appendLocks;
    }

    public String databaseName() {
        return database.getName();
    }

    /** Where the data lives, for the log: host names only, never the URI (it may carry a password). */
    private static String servers(MongoClient client) {
        ClusterSettings cluster = client.getClusterDescription().getClusterSettings();
        return cluster.getSrvHost() != null ? "mongodb+srv://" + cluster.getSrvHost() : cluster.getHosts().toString();
    }

    /**
     * After the event is stored, so never a reason to report the append as failed: the hint may
     * lag, and {@link HeadLocator} finds the head past a lagging hint.
     */
    private void advanceHeadHint(JobId jobId, long storedSeq) {
        try {
            heads.advance(jobId, storedSeq);
        } catch (MongoException e) {
            LOG.log(Level.WARNING, "Event store: seq {0} of job {1} is stored but its head hint was not updated "
                    + "({2}); the next append or read finds the head anyway", String.valueOf(storedSeq),
                    jobId.value(), e.getClass().getSimpleName());
        }
    }

    private static void pauseAfterLostRace(int losses) {
        try {
            AppendBackoff.pauseAfter(losses);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailableException("Interrupted while appending; nothing was stored", e);
        }
    }

    private static <T> T guarded(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (MongoException e) {
            throw MongoFailures.unavailable(operation, e);
        }
    }
}
