package dev.herald.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.herald.domain.job.JobId;
import org.bson.Document;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

import static dev.herald.adapter.mongo.JobEventDocument.BATCH_FIRST;
import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.OCCURRED_AT;

/**
 * Batches whose documents are stored only in part. An ordered insert stores a prefix when it fails
 * midway (the server went away, a write error); such a batch was never acknowledged ("nothing
 * stored"), and readers never see it ({@link EventPages} and {@link SeqRun#head()} stop before an
 * open batch). Its writer deletes what it stored; when it could not (the store was down), an
 * appender that finds the batch in its way deletes it once it is older than {@link #STALE} (or
 * three socket timeouts, {@link #staleAfter}), after which the writer's request has failed for
 * sure; a younger one is being written, and the appender waits for it.
 */
final class OpenBatches {

    static final Duration STALE = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(OpenBatches.class.getName());

    private final MongoCollection<Document> events;
    private final Duration stale;

    OpenBatches(MongoCollection<Document> events, Duration stale) {
        this.events = events;
        this.stale = stale;
    }

    /**
     * {@link #STALE}, or three socket timeouts when that is longer: the writer's request has failed
     * by then (an insert answered after its socket timed out is a failure for its writer), so its
     * batch can never be completed or acknowledged.
     */
    static Duration staleAfter(Duration socketTimeout) {
        Duration three = socketTimeout.multipliedBy(3);
        return three.compareTo(STALE) > 0 ? three : STALE;
    }

    /** Deletes the stored documents {@code first..last} of a batch its writer failed to store whole. */
    void deleteFailed(JobId jobId, long first, long last) {
        events.deleteMany(Filters.and(Filters.in(ID, EventKeys.range(jobId, first, last)), Filters.eq(BATCH_FIRST, first)));
    }

    /**
     * The open batch from {@code first} up to {@code storedEnd}, in an appender's way: deleted when
     * stale (true), else left to its writer (false: wait and look again).
     */
    boolean removeIfStale(JobId jobId, long first, long storedEnd, Instant now) {
        Document firstDocument = events.find(Filters.eq(ID, EventKeys.of(jobId, first)))
                .projection(Projections.include(OCCURRED_AT)).first();
        if (firstDocument != null && firstDocument.getDate(OCCURRED_AT).toInstant().plus(stale).isAfter(now)) {
            return false;
        }
        deleteFailed(jobId, first, storedEnd);
        LOG.log(Level.WARNING, "Event store: job {0} had an unfinished batch at seqs {1}..{2}, never acknowledged "
                + "(its writer failed midway); deleted", jobId.value(), String.valueOf(first), String.valueOf(storedEnd));
        return true;
    }
}
