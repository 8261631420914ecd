package dev.herald.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import dev.herald.domain.job.JobId;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * Rewrites a batch of {@link LegacyEvent}s to keyed documents, in three idempotent steps, each one
 * round trip for the whole batch:
 *
 * <ol>
 *   <li>set each original's seq aside (negated), so that the unique {@code (jobId, seq)} index
 *       lets the copy in;</li>
 *   <li>insert the keyed copies (unordered). A duplicate key means the copy is there already (an
 *       earlier run cut short, or another gateway migrating at the same time): fine, if it is the
 *       same event;</li>
 *   <li>delete the originals whose copy is in place, and only those.</li>
 * </ol>
 *
 * <p>The original exists until its copy does, so a crash at any point loses nothing, and a run that
 * finds no original left knows every event is keyed. What cannot be rewritten (a document that is
 * no Herald event, a key taken by a different event) is left where it is and reported.
 *
 * <p>Raw driver: Jakarta NoSQL has no bulk writes and no per-document write errors.
 */
final class LegacyEventRewriter {

    /**
     * @param rewritten  copies this call inserted (not those found in place)
     * @param heads      per job, its highest seq now keyed
     * @param leftBehind original {@code _id} to the reason it stays (never document content)
     */
    record Outcome(int rewritten, Map<JobId, Long> heads, Map<Object, String> leftBehind) {
    }

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final InsertManyOptions UNORDERED_INSERT = new InsertManyOptions().ordered(false);

    private final MongoCollection<Document> events;

    LegacyEventRewriter(MongoCollection<Document> events) {
        this.events = events;
    }

    /** Rewrites the documents with these {@code _id}s; gone ones (rewritten meanwhile) are skipped. */
    Outcome rewrite(List<Object> originalIds) {
        Map<Object, String> leftBehind = new LinkedHashMap<>();
        List<LegacyEvent> legacy = fetch(originalIds, leftBehind);
        List<LegacyEvent> setAside = setAside(legacy, leftBehind);
        Set<Integer> alreadyThere = insertCopies(setAside);
        List<LegacyEvent> keyed = new ArrayList<>();
        List<LegacyEvent> found = new ArrayList<>();
        for (int i = 0; i < setAside.size(); i++) {
            (alreadyThere.contains(i) ? found : keyed).add(setAside.get(i));
        }
        int rewritten = keyed.size();
        keyed.addAll(sameEventKeyed(found, leftBehind));
        if (!keyed.isEmpty()) {
            events.deleteMany(Filters.in(ID, keyed.stream().map(LegacyEvent::originalId).toList()));
        }
        Map<JobId, Long> heads = new HashMap<>();
        keyed.forEach(event -> heads.merge(event.jobId(), event.seq(), Math::max));
        return new Outcome(rewritten, heads, leftBehind);
    }

    private List<LegacyEvent> fetch(List<Object> originalIds, Map<Object, String> leftBehind) {
        List<LegacyEvent> legacy = new ArrayList<>();
        // batch size: a batch of large events stays under MongoDB's 16 MB replies (see EventPages)
        try (MongoCursor<Document> cursor = events.find(Filters.in(ID, originalIds))
                .batchSize(EventPages.BATCH_SIZE).iterator()) {
            while (cursor.hasNext()) {
                Document original = cursor.next();
                try {
                    legacy.add(LegacyEvent.of(original));
                } catch (IllegalArgumentException e) {
                    leftBehind.put(original.get(ID), e.getMessage());
                }
            }
        }
        return legacy;
    }

    /** Step 1; returns the events whose original no longer holds its seq. */
    private List<LegacyEvent> setAside(List<LegacyEvent> legacy, Map<Object, String> leftBehind) {
        if (legacy.isEmpty()) {
            return legacy;
        }
        List<UpdateOneModel<Document>> updates = legacy.stream().map(event -> new UpdateOneModel<Document>(
                Filters.eq(ID, event.originalId()), Updates.set(SEQ, event.setAsideSeq()))).toList();
        Set<Integer> failed = new HashSet<>();
        try {
            events.bulkWrite(updates, UNORDERED);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                failed.add(error.getIndex());
                leftBehind.put(legacy.get(error.getIndex()).originalId(),
                        "its seq could not be set aside (error " + error.getCode() + ")");
            }
        }
        List<LegacyEvent> setAside = new ArrayList<>();
        for (int i = 0; i < legacy.size(); i++) {
            if (!failed.contains(i)) {
                setAside.add(legacy.get(i));
            }
        }
        return setAside;
    }

    /** Step 2; returns the positions of the copies rejected as duplicates. */
    private Set<Integer> insertCopies(List<LegacyEvent> legacy) {
        Set<Integer> duplicates = new HashSet<>();
        if (legacy.isEmpty()) {
            return duplicates;
        }
        try {
            events.insertMany(legacy.stream().map(LegacyEvent::copy).toList(), UNORDERED_INSERT);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
        }
        return duplicates;
    }

    /**
     * Of the events whose copy was rejected, those whose key holds exactly that event. Anything
     * else (another event under the key: an appender took the seq while it was set aside) keeps
     * its original: deleting it would lose the event.
     */
    private List<LegacyEvent> sameEventKeyed(List<LegacyEvent> rejected, Map<Object, String> leftBehind) {
        if (rejected.isEmpty()) {
            return List.of();
        }
        Map<String, Document> byKey = new HashMap<>();
        try (MongoCursor<Document> cursor = events.find(Filters.in(ID, rejected.stream().map(LegacyEvent::key)
                .toList())).batchSize(EventPages.BATCH_SIZE).iterator()) {
            cursor.forEachRemaining(document -> byKey.put(document.getString(ID), document));
        }
        List<LegacyEvent> same = new ArrayList<>();
        for (LegacyEvent event : rejected) {
            Document existing = byKey.get(event.key());
            if (event.copy().equals(existing)) {
                same.add(event);
            } else {
                leftBehind.put(event.originalId(), existing == null
                        ? "another document holds seq " + event.seq() + " of job " + event.jobId().value()
                        : "its key " + event.key() + " holds a different event");
            }
        }
        return same;
    }
}
