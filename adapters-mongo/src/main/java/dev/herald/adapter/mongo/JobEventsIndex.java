package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.herald.application.port.out.EventStoreUnavailableException;
import org.bson.Document;

import java.lang.System.Logger.Level;
import java.util.ArrayList;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.JOB_ID;
import static dev.herald.adapter.mongo.JobEventDocument.PUBLISH_KEY;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * The schema migration of the event store: the unique index on {@code (jobId, seq)}, and the unique
 * sparse index on the idempotency keys of keyed appends ({@code publishKey}: a repeated key is found
 * by an index lookup, and two instances cannot store one key twice). Seq assignment
 * relies on it (a second insert of the same seq must fail), and reads use it. Created idempotently;
 * when the database is unreachable at start the migration is retried before the next operation, and
 * no operation runs before it succeeded.
 *
 * <p>Raw driver: Jakarta NoSQL's {@code DatabaseManager} has no API for indexes.
 */
final class JobEventsIndex {

    static final String NAME = "jobId_1_seq_1";
    /** Unique and sparse: only the first document of a keyed append has the field. */
    static final String PUBLISH_KEY_NAME = "publishKey_1";

    private static final System.Logger LOG = System.getLogger(JobEventsIndex.class.getName());
    private static final Document KEYS = new Document(JOB_ID, 1).append(SEQ, 1);

    private final MongoDatabase database;
    private volatile boolean ensured;
    private boolean conflictReported;

    JobEventsIndex(MongoDatabase database) {
        this.database = database;
    }

    /** Makes sure the unique index exists. Cheap once it succeeded. */
    void ensure() {
        if (!ensured) {
            migrate();
        }
    }

    private synchronized void migrate() {
        if (ensured) {
            return;
        }
        MongoCollection<Document> events = database.getCollection(COLLECTION);
        Document existing = findExisting(events);
        if (existing == null) {
            events.createIndex(Indexes.ascending(JOB_ID, SEQ), new IndexOptions().unique(true).name(NAME));
            LOG.log(Level.INFO, "Event store migration: created unique index {0} on {1}.{2}(jobId, seq)",
                    NAME, database.getName(), COLLECTION);
        } else if (Boolean.TRUE.equals(existing.get("unique"))) {
            LOG.log(Level.INFO, "Event store migration: unique index {0} on {1}.{2}(jobId, seq) already present",
                    existing.getString("name"), database.getName(), COLLECTION);
        } else {
            String message = "Index " + existing.getString("name") + " on " + database.getName() + "." + COLLECTION
                    + "(jobId, seq) exists but is not unique, so two gateways could store the same seq twice. "
                    + "Drop it (db." + COLLECTION + ".dropIndex(\"" + existing.getString("name")
                    + "\")); Herald recreates it as unique.";
            if (!conflictReported) {
                conflictReported = true;
                LOG.log(Level.ERROR, message);
            }
            throw new EventStoreUnavailableException(message);
        }
        // idempotent: creating an index that exists with the same options is a no-op
        events.createIndex(Indexes.ascending(PUBLISH_KEY), new IndexOptions().unique(true).sparse(true)
                .name(PUBLISH_KEY_NAME));
        ensured = true;
    }

    private static Document findExisting(MongoCollection<Document> events) {
        try {
            for (Document index : events.listIndexes()) {
                if (sameKeysInOrder(KEYS, normalizedKeys(index.get("key", Document.class)))) {
                    return index;
                }
            }
            return null;
        } catch (MongoException e) {
            if (e.getCode() == 26) { // NamespaceNotFound: a fresh database has no collection yet
                return null;
            }
            throw e;
        }
    }

    /** Key order matters: an index on (seq, jobId) serves neither uniqueness per job nor our reads. */
    private static boolean sameKeysInOrder(Document expected, Document actual) {
        return new ArrayList<>(expected.entrySet()).equals(new ArrayList<>(actual.entrySet()));
    }

    /** Index keys as {@code field: 1}, whatever numeric type the server used for the direction. */
    private static Document normalizedKeys(Document keys) {
        Document normalized = new Document();
        if (keys != null) {
            keys.forEach((field, direction) -> normalized.append(field,
                    direction instanceof Number number ? number.intValue() : direction));
        }
        return normalized;
    }
}
