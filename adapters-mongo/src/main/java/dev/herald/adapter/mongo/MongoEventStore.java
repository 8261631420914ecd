package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.connection.ClusterSettings;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import org.bson.BsonValue;
import org.bson.Document;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentConfiguration;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentManager;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.EVENT_TYPE;
import static dev.herald.adapter.mongo.JobEventDocument.JOB_ID;
import static dev.herald.adapter.mongo.JobEventDocument.OCCURRED_AT;
import static dev.herald.adapter.mongo.JobEventDocument.PAYLOAD;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * The event store on MongoDB, through Jakarta NoSQL's document API (Eclipse JNoSQL): inserts, the
 * head and snapshot reads and the head-seqs aggregation go through its {@code DatabaseManager}.
 * The driver is used directly only where that API has no means (page reads with a batch size, a
 * point lookup the embedded server can answer from its index, the index migration, ping); each
 * such place says why.
 *
 * <p>Seq assignment: take a seq N known to be stored for the job (the head read through the unique
 * {@code (jobId, seq)} index, or the seq this instance appended last, checked to be still there),
 * insert N + 1, and when another appender (thread or gateway instance) took N + 1 first, the index
 * rejects the insert and we read the head again, after a short random pause. Seq N + 1 is only
 * ever inserted once N is stored, so readers never see a hole, and the index makes a duplicate
 * impossible. No transactions needed (the embedded server has none).
 *
 * <p>Does not own the {@link MongoClient}: whoever created it closes it.
 */
public final class MongoEventStore implements EventStore {

    /** Jobs per aggregation in {@link #headSeqs}: keeps the {@code $in} list and the reply small. */
    static final int HEAD_SEQS_CHUNK = 500;
    /** Jobs whose last appended seq is remembered: the busy ones of the moment, ~100 bytes each. */
    static final int KNOWN_HEADS_CAPACITY = 10_000;
    /** Documents per reply when reading a page: 200 x 64 KiB stays under MongoDB's 16 MB batches. */
    static final int READ_BATCH_SIZE = 200;

    private static final System.Logger LOG = System.getLogger(MongoEventStore.class.getName());

    private final MongoDBDocumentManager documents;
    private final MongoDatabase database;
    private final JobEventsIndex index;
    /** For the raw-driver reads: {@link #readAfter} and {@link #exists}. */
    private final MongoCollection<Document> events;
    private final KnownHeads knownHeads = new KnownHeads(KNOWN_HEADS_CAPACITY);

    /**
     * Runs the index migration now; when the database is unreachable that waits at most the server
     * selection timeout, and the migration is retried before the next operation.
     *
     * @throws EventStoreUnavailableException when a non-unique index on (jobId, seq) is in the way:
     *                                        an operator must drop it
     */
    public MongoEventStore(MongoClient client, String databaseName) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(databaseName, "databaseName");
        // built from our client, not from JNoSQL's CDI config; never close the factory: that closes the client
        this.documents = new MongoDBDocumentConfiguration().get(client).apply(databaseName);
        this.database = client.getDatabase(databaseName);
        this.index = new JobEventsIndex(database);
        this.events = database.getCollection(COLLECTION);
        LOG.log(Level.INFO, "Event store: MongoDB database ''{0}'', collection ''{1}'', on {2}", databaseName,
                COLLECTION, servers(client));
        try {
            index.ensure();
        } catch (MongoException e) {
            LOG.log(Level.WARNING, "Event store: MongoDB not reachable at start ({0}); the unique index is checked "
                    + "again before the first operation", e.getClass().getSimpleName());
        }
    }

    @Override
    public JobEvent append(JobId jobId, EventType eventType, String payload, Instant occurredAt) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
        // stored with millisecond precision: return exactly what a later read gives
        Instant storedAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        return guarded("append", () -> {
            index.ensure();
            long head = knownHead(jobId);
            for (int attempt = 1; ; attempt++) {
                JobEvent event = new JobEvent(jobId, head + 1, eventType, storedAt, payload);
                try {
                    documents.insert(JobEventDocument.toEntity(event));
                    knownHeads.stored(jobId, event.seq());
                    return event;
                } catch (MongoException e) {
                    if (!MongoFailures.isDuplicateKey(e)) {
                        throw e;
                    }
                    if (!AppendBackoff.mayRetry(attempt)) {
                        throw new EventStoreUnavailableException("Gave up appending to job " + jobId + " after "
                                + attempt + " lost races for the next seq (too many concurrent appenders)");
                    }
                    pauseAfterLostRace(attempt);
                    head = head(jobId);
                }
            }
        });
    }

    /**
     * Raw driver: JNoSQL's {@code SelectQuery} cannot set a batch size, and without one the embedded
     * server answers a whole page in one reply; a page of large events then exceeds the driver's
     * 48 MB reply limit. With {@value #READ_BATCH_SIZE} documents per batch a reply stays under
     * 13 MB even at the 64 KiB event limit, on MongoDB and on the embedded server alike.
     */
    @Override
    public List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        if (limit <= 0) {
            return List.of();
        }
        return guarded("readAfter", () -> {
            index.ensure();
            // equality on jobId, range and sort on seq: one bounded walk of the (jobId, seq) index
            FindIterable<Document> page = events
                    .find(new Document(JOB_ID, jobId.value()).append(SEQ, new Document("$gt", afterSeq)))
                    .projection(Projections.fields(Projections.include(SEQ, EVENT_TYPE, OCCURRED_AT, PAYLOAD),
                            Projections.excludeId()))
                    .sort(Sorts.ascending(SEQ))
                    .limit(limit)
                    .batchSize(Math.min(limit, READ_BATCH_SIZE));
            List<JobEvent> read = new ArrayList<>(Math.min(limit, READ_BATCH_SIZE));
            try (MongoCursor<Document> cursor = page.iterator()) {
                cursor.forEachRemaining(document -> read.add(JobEventDocument.toEvent(jobId, document)));
            }
            return read;
        });
    }

    @Override
    public long headSeq(JobId jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return guarded("headSeq", () -> {
            index.ensure();
            return head(jobId);
        });
    }

    /**
     * One aggregation per {@value #HEAD_SEQS_CHUNK} jobs instead of one query per job. The
     * {@code $sort} follows the index, so MongoDB needs no in-memory sort, and with {@code $group}
     * taking the {@code $first} seq per job it can jump to each job's last index entry (DISTINCT_SCAN).
     */
    @Override
    public Map<JobId, Long> headSeqs(Collection<JobId> jobIds) {
        Objects.requireNonNull(jobIds, "jobIds");
        List<JobId> all = List.copyOf(jobIds);
        return guarded("headSeqs", () -> {
            index.ensure();
            Map<JobId, Long> heads = new HashMap<>();
            for (int from = 0; from < all.size(); from += HEAD_SEQS_CHUNK) {
                List<JobId> chunk = all.subList(from, Math.min(all.size(), from + HEAD_SEQS_CHUNK));
                chunk.forEach(jobId -> heads.put(jobId, 0L));
                headsOf(chunk).forEach(heads::put);
            }
            return heads;
        });
    }

    @Override
    public Optional<JobFacts> facts(JobId jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return guarded("facts", () -> {
            index.ensure();
            Optional<CommunicationEntity> first = edge(jobId, true, SEQ, OCCURRED_AT);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            CommunicationEntity last = edge(jobId, false, SEQ, OCCURRED_AT, EVENT_TYPE).orElseThrow();
            long firstSeq = JobEventDocument.seqOf(first.get());
            long headSeq = JobEventDocument.seqOf(last);
            // seqs are contiguous, so the count needs no scan of the job's events
            return Optional.of(new JobFacts(jobId, headSeq, headSeq - firstSeq + 1,
                    JobEventDocument.occurredAtOf(first.get()), JobEventDocument.occurredAtOf(last),
                    JobEventDocument.eventTypeOf(last)));
        });
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

    public String databaseName() {
        return database.getName();
    }

    /** Where the data lives, for the log: host names only, never the URI (it may carry a password). */
    private static String servers(MongoClient client) {
        ClusterSettings cluster = client.getClusterDescription().getClusterSettings();
        return cluster.getSrvHost() != null ? "mongodb+srv://" + cluster.getSrvHost() : cluster.getHosts().toString();
    }

    /**
     * The job's head for the next append: the seq this instance stored last if it is still there
     * (one point lookup on the unique index), else the head read from the index. Inserting after a
     * seq known to exist cannot open a hole; if others appended since, the insert collides and the
     * append reads the head again.
     */
    private long knownHead(JobId jobId) {
        OptionalLong known = knownHeads.get(jobId);
        if (known.isPresent() && exists(jobId, known.getAsLong())) {
            return known.getAsLong();
        }
        return head(jobId);
    }

    /**
     * Raw driver: an exact match on both index fields as one flat filter is the only query the
     * embedded server (mongo-java-server) answers from an index; JNoSQL renders AND as {@code $and},
     * and its raw-filter select has no projection. On MongoDB both are the same point lookup.
     */
    private boolean exists(JobId jobId, long seq) {
        return events.find(new Document(JOB_ID, jobId.value()).append(SEQ, seq))
                .projection(Projections.include(SEQ)).limit(1).first() != null;
    }

    private long head(JobId jobId) {
        return edge(jobId, false, SEQ).map(JobEventDocument::seqOf).orElse(0L);
    }

    /** The job's first or last event by seq, only the given fields, read at one end of the index. */
    private Optional<CommunicationEntity> edge(JobId jobId, boolean first, String... fields) {
        var where = SelectQuery.select(fields).from(COLLECTION).where(JOB_ID).eq(jobId.value()).orderBy(SEQ);
        SelectQuery query = (first ? where.asc() : where.desc()).limit(1).build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            return found.findFirst();
        }
    }

    private Map<JobId, Long> headsOf(List<JobId> jobIds) {
        Map<String, JobId> byValue = new HashMap<>();
        jobIds.forEach(jobId -> byValue.put(jobId.value(), jobId));
        Map<JobId, Long> heads = new HashMap<>();
        try (Stream<Map<String, BsonValue>> groups = documents.aggregate(COLLECTION,
                Aggregates.match(Filters.in(JOB_ID, new ArrayList<>(byValue.keySet()))),
                Aggregates.sort(Sorts.orderBy(Sorts.ascending(JOB_ID), Sorts.descending(SEQ))),
                Aggregates.group("$" + JOB_ID, Accumulators.first("head", "$" + SEQ)))) {
            groups.forEach(group -> heads.put(byValue.get(group.get("_id").asString().getValue()),
                    group.get("head").asNumber().longValue()));
        }
        return heads;
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
