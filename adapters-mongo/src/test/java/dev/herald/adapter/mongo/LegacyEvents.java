package dev.herald.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Events as the versions before keyed {@code _id}s wrote them (JobEventDocument before fc5a582):
 * no {@code _id} in the document, so the driver adds an ObjectId; the same unique index on
 * {@code (jobId, seq)}. Written with the driver directly, as the old store would have.
 */
final class LegacyEvents {

    static final String TYPE = "legacy.step";
    static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");

    private LegacyEvents() {
    }

    static Document event(String jobId, long seq) {
        return new Document(JobEventDocument.JOB_ID, jobId)
                .append(JobEventDocument.SEQ, seq)
                .append(JobEventDocument.EVENT_TYPE, TYPE + "." + seq)
                .append(JobEventDocument.OCCURRED_AT, Date.from(AT.plusSeconds(seq)))
                .append(JobEventDocument.PAYLOAD, payload(jobId, seq));
    }

    static String payload(String jobId, long seq) {
        return "{\"job\":\"" + jobId + "\",\"n\":" + seq + "}";
    }

    /** The old schema: the collection and its unique index. */
    static MongoCollection<Document> collection(MongoDatabase database) {
        MongoCollection<Document> events = database.getCollection(JobEventDocument.COLLECTION);
        events.createIndex(Indexes.ascending(JobEventDocument.JOB_ID, JobEventDocument.SEQ),
                new IndexOptions().unique(true).name(JobEventsIndex.NAME));
        return events;
    }

    static void insert(MongoDatabase database, List<Document> documents) {
        collection(database).insertMany(documents);
    }
}
