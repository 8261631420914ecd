package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.communication.semistructured.Element;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The {@value #COLLECTION} collection: one document {@code {_id: jobId, head: <long>}} per job with
 * events, advanced by each instance every {@link MongoEventStore#HINT_STRIDE} seqs it stores. A HINT where a job's head is, so that finding it is a
 * point lookup instead of a sort; never trusted blindly ({@link HeadLocator} checks it against the
 * events). It may lag (an appender that died between its insert and the update, concurrent
 * appenders) or, after a restore from an inconsistent backup, be ahead of the events.
 *
 * <p>Retention keeps {@code first} in the same document: the lowest seq not deleted (absent: 1). A
 * delete raises it, and the head with it ({@code $max}), BEFORE it deletes any event: the head of
 * a job whose events are all deleted is then still known, from this document alone, also after a
 * restart, so its seqs are never reused. This document is the only record of the head then.
 *
 * <p>Reads go through Jakarta NoSQL. Writes use the driver: JNoSQL's {@code update} replaces a
 * document found by id; it has no upsert and no update operators such as {@code $max}.
 */
final class JobHeads {

    static final String COLLECTION = "job_heads";
    static final String ID = "_id";
    static final String HEAD = "head";
    static final String FIRST = "first";

    /**
     * A job's document: the head hint (empty when there is no document) and the first seq not
     * deleted (1 when none was). The head is never below {@code first - 1}.
     */
    record Hint(OptionalLong head, long first) {

        static final Hint NONE = new Hint(OptionalLong.empty(), 1);

        /** Where probing for the head starts: the hint, or past the deleted seqs. */
        long start() {
            return Math.max(head.orElse(0L), first - 1);
        }

        /** Whether {@code seq} was deleted by retention (so it counts as once stored). */
        boolean deleted(long seq) {
            return seq > 0 && seq < first;
        }
    }

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final DatabaseManager documents;
    private final MongoCollection<Document> heads;

    JobHeads(DatabaseManager documents, MongoDatabase database) {
        this.documents = documents;
        this.heads = database.getCollection(COLLECTION);
    }

    /** The hint for one job; {@link Hint#NONE} when the job has no heads document. */
    Hint read(JobId jobId) {
        SelectQuery query = SelectQuery.select(HEAD, FIRST).from(COLLECTION).where(ID).eq(jobId.value()).build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            return found.findFirst().map(JobHeads::hintOf).orElse(Hint.NONE);
        }
    }

    /** The hints of the given jobs that have a heads document, in one {@code {_id: {$in: [...]}}} query. */
    Map<JobId, Hint> readAll(Collection<JobId> jobIds) {
        Map<String, JobId> byValue = new HashMap<>();
        jobIds.forEach(jobId -> byValue.put(jobId.value(), jobId));
        Map<JobId, Hint> hints = new HashMap<>();
        if (byValue.isEmpty()) {
            return hints;
        }
        SelectQuery query = SelectQuery.select(ID, HEAD, FIRST).from(COLLECTION).where(ID)
                .in(List.copyOf(byValue.keySet())).build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            found.forEach(entity -> {
                JobId jobId = byValue.get(entity.find(ID).map(Element::get).map(String::valueOf).orElse(null));
                if (jobId != null) {
                    hints.put(jobId, hintOf(entity));
                }
            });
        }
        return hints;
    }

    /**
     * Retention, before the events go: the first seq not deleted up to {@code first}, and the head
     * hint up to at least {@code head} (both never back).
     */
    void raiseFirst(JobId jobId, long first, long head) {
        upsert(jobId, new Document("$max", new Document(FIRST, first).append(HEAD, head)));
    }

    /**
     * Jobs with a heads document (every job appended to by this version: each instance writes it at
     * its first append to a job), in id order after {@code after}. A range on the small heads
     * collection; raw driver for the sort, range and projection in one query.
     */
    List<JobId> page(java.util.Optional<JobId> after, int limit) {
        Bson filter = after.map(jobId -> com.mongodb.client.model.Filters.gt(ID, jobId.value()))
                .orElse(new Document());
        List<JobId> page = new java.util.ArrayList<>();
        heads.find(filter).projection(com.mongodb.client.model.Projections.include(ID))
                .sort(com.mongodb.client.model.Sorts.ascending(ID)).limit(limit)
                .forEach(document -> page.add(JobId.of(String.valueOf(document.get(ID)))));
        return page;
    }

    /**
     * Moves the hint forward to {@code seq} (never back: {@code $max}, so concurrent appenders can
     * update in any order), creating the document if needed.
     */
    void advance(JobId jobId, long seq) {
        upsert(jobId, new Document("$max", new Document(HEAD, seq)));
    }

    /** Sets the hint to {@code seq}, also backwards: only for a hint found ahead of the stored events. */
    void reset(JobId jobId, long seq) {
        upsert(jobId, Updates.set(HEAD, seq));
    }

    private void upsert(JobId jobId, Bson update) {
        Document filter = new Document(ID, jobId.value());
        try {
            heads.updateOne(filter, update, UPSERT);
        } catch (MongoException e) {
            // two first upserts of one job raced to insert the document (MongoDB before 4.2 does not
            // retry that itself): the document exists now, so the update applies
            if (!MongoFailures.isDuplicateKey(e)) {
                throw e;
            }
            heads.updateOne(filter, update, UPSERT);
        }
    }

    private static Hint hintOf(CommunicationEntity entity) {
        Object first = entity.find(FIRST).map(Element::get).orElse(null);
        return new Hint(OptionalLong.of(headOf(entity)), first instanceof Number number ? number.longValue() : 1);
    }

    private static long headOf(CommunicationEntity entity) {
        Object head = entity.find(HEAD).map(Element::get).orElse(null);
        if (head instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("A " + COLLECTION + " document has no number in '" + HEAD + "'");
    }
}
