package dev.herald.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.herald.domain.job.JobEvent;
import org.bson.Document;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Inserts consecutive events of one job in one ordered {@code insertMany}. Through the driver:
 * Jakarta NoSQL inserts an iterable one document per round trip and cannot say which documents of
 * a batch were refused, and an ordered insert stops at the first refused one, so that what was
 * stored is always a prefix (no hole).
 */
final class EventBatchInsert {

    /**
     * The first {@code stored} events were stored. Fewer than all without a {@code failure}: the
     * next one's seq was taken (another instance stored it first).
     */
    record Outcome(int stored, Optional<RuntimeException> failure) {
    }

    private final MongoCollection<Document> events;

    EventBatchInsert(MongoCollection<Document> events) {
        this.events = events;
    }

    /**
     * @return all stored; or a prefix, when the next seq was already stored; or a prefix with the
     * failure that stopped the rest
     * @throws com.mongodb.MongoException when the outcome is unknown (nothing can be said stored)
     */
    Outcome insert(List<Document> documents) {
        try {
            events.insertMany(documents, new InsertManyOptions().ordered(true));
            return new Outcome(documents.size(), Optional.empty());
        } catch (MongoBulkWriteException e) {
            BulkWriteError first = e.getWriteErrors().stream().min(Comparator.comparingInt(BulkWriteError::getIndex))
                    .orElseThrow(() -> e);
            boolean taken = ErrorCategory.fromErrorCode(first.getCode()) == ErrorCategory.DUPLICATE_KEY;
            return new Outcome(first.getIndex(), taken ? Optional.empty() : Optional.of(e));
        }
    }
}
