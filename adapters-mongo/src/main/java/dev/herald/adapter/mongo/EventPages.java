package dev.herald.adapter.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

import static dev.herald.adapter.mongo.JobEventDocument.BATCH_FIRST;
import static dev.herald.adapter.mongo.JobEventDocument.BATCH_LAST;
import static dev.herald.adapter.mongo.JobEventDocument.EVENT_TYPE;
import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.OCCURRED_AT;
import static dev.herald.adapter.mongo.JobEventDocument.FROM_CLIENT;
import static dev.herald.adapter.mongo.JobEventDocument.FROM_USER;
import static dev.herald.adapter.mongo.JobEventDocument.PAYLOAD;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * Reads a page of a job's events after a seq: the events {@code afterSeq+1 .. afterSeq+limit} are
 * asked for by their keys, in growing windows ({@link #FIRST_WINDOW}), {@code {_id: {$in: [keys]}}}
 * sorted by {@code _id}: point lookups on the {@code _id} index on mongo-java-server (a {@code seq > afterSeq} range would scan every event of
 * every job there), and on MongoDB an {@code _id} index scan over those points, already in order
 * (no sort stage). Keys of seqs not stored yet simply match nothing.
 *
 * <p>Raw driver: JNoSQL's {@code SelectQuery} cannot set a batch size, and without one the embedded
 * server answers a whole page in one reply; a page of large events then exceeds the driver's 48 MB
 * reply limit. With {@value #BATCH_SIZE} documents per batch a reply stays under 13 MB even at the
 * 64 KiB event limit, on MongoDB and on the embedded server alike.
 */
final class EventPages {

    /** Documents per reply: 200 x 64 KiB stays under MongoDB's 16 MB batches. */
    static final int BATCH_SIZE = 200;
    /** Keys per query at most: the REST API's largest read (1000 + 1 to see if more follow) in one query. */
    static final int KEYS_PER_QUERY = 1024;
    /**
     * Keys of the first query of a read. Most reads find a few events or none (a live subscription
     * repairing a gap, a subscriber that is up to date, a job without events), and every key asked
     * for is an index lookup, found or not: on the embedded server's H2 file each costs a handful
     * of key serializations, so a page size's worth of keys for an empty answer was most of the
     * store's work under load. Each full window doubles the next, up to {@value #KEYS_PER_QUERY}:
     * a long catch-up costs a few more queries, but no more lookups than it has events.
     */
    static final int FIRST_WINDOW = 16;

    private final MongoCollection<Document> events;

    EventPages(MongoCollection<Document> events) {
        this.events = events;
    }

    /**
     * At most {@code limit} events from {@code afterSeq + 1} on, gapless: the read stops before the
     * first seq that is missing (seqs are stored in order, so a gap is only ever an event that is
     * not stored yet; the caller retries a short page later).
     */
    List<JobEvent> readAfter(JobId jobId, long afterSeq, int limit) {
        List<JobEvent> read = new ArrayList<>(Math.min(limit, KEYS_PER_QUERY));
        long next = Math.max(1, afterSeq + 1);
        if (afterSeq == Long.MAX_VALUE) {
            return read;
        }
        int window = FIRST_WINDOW;
        BatchEnd batchEnd = new BatchEnd();
        while (read.size() < limit) {
            int wanted = Math.min(limit - read.size(), window);
            window = Math.min(window * 2, KEYS_PER_QUERY);
            long last = next > Long.MAX_VALUE - (wanted - 1) ? Long.MAX_VALUE : next + wanted - 1;
            int found = readContiguous(jobId, next, last, read, batchEnd);
            if (found < last - next + 1 || last == Long.MAX_VALUE) {
                break;
            }
            next = last + 1;
        }
        return withoutOpenBatch(jobId, read, batchEnd);
    }

    /** The batch the last event read belongs to, when it has events after that one. */
    private static final class BatchEnd {
        long first;
        long last;
    }

    /**
     * A batch is readable only whole: when the read ends inside a batch whose last event is not
     * stored (being written, or cut short by a failure that its writer or a later appender deletes),
     * the read stops before the batch. One point lookup, only when a read ends inside a batch.
     */
    private List<JobEvent> withoutOpenBatch(JobId jobId, List<JobEvent> read, BatchEnd batchEnd) {
        if (read.isEmpty() || batchEnd.last <= read.get(read.size() - 1).seq()) {
            return read;
        }
        if (events.find(Filters.eq(ID, EventKeys.of(jobId, batchEnd.last))).projection(Projections.include(ID))
                .first() != null) {
            return read;
        }
        read.removeIf(event -> event.seq() >= batchEnd.first);
        return read;
    }

    /** Adds the events {@code first..} up to {@code last} or the first gap; returns how many. */
    private int readContiguous(JobId jobId, long first, long last, List<JobEvent> into, BatchEnd batchEnd) {
        List<String> keys = EventKeys.range(jobId, first, last);
        FindIterable<Document> found = events.find(Filters.in(ID, keys))
                .projection(Projections.fields(Projections.include(SEQ, EVENT_TYPE, OCCURRED_AT, PAYLOAD, FROM_CLIENT,
                                FROM_USER, BATCH_FIRST, BATCH_LAST),
                        Projections.excludeId()))
                .sort(Sorts.ascending(ID))
                .limit(keys.size()) // lets the server close the cursor with the last match, no extra getMore
                .batchSize(Math.min(keys.size(), BATCH_SIZE));
        int count = 0;
        long expected = first;
        try (MongoCursor<Document> cursor = found.iterator()) {
            while (cursor.hasNext()) {
                Document document = cursor.next();
                JobEvent event = JobEventDocument.toEvent(jobId, document);
                if (event.seq() != expected) {
                    break; // a gap: what follows it is not returned (closing the cursor drops the rest)
                }
                into.add(event);
                batchEnd.first = JobEventDocument.openBatchFirst(event.seq(), document::get);
                batchEnd.last = batchEnd.first > 0 ? JobEventDocument.appendLastSeq(document) : 0;
                count++;
                expected++;
            }
        }
        return count;
    }
}
