package dev.herald.adapter.mongo;

import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;
import org.bson.Document;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.Element;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The persistence model of one event in the {@value #COLLECTION} collection, and its mapping to and
 * from the domain's {@link JobEvent}. Field names are the on-disk contract: renaming one is a data
 * migration.
 */
final class JobEventDocument {

    static final String COLLECTION = "job_events";
    /** {@link EventKeys#of}: job id and seq, so that seqs are looked up on the {@code _id} index. */
    static final String ID = "_id";
    static final String JOB_ID = "jobId";
    static final String SEQ = "seq";
    static final String EVENT_TYPE = "eventType";
    static final String OCCURRED_AT = "occurredAt";
    /** The publisher's raw JSON text, stored as a string so it reads back byte for byte. */
    static final String PAYLOAD = "payload";
    /**
     * On an event a client published over the WebSocket: its connection's id, and its token's user
     * when there was one (absent otherwise). Events a worker published have neither.
     */
    static final String FROM_CLIENT = "fromClient";
    static final String FROM_USER = "fromUser";
    /**
     * On every document of an append of several events (a batch): its first and last seq. A batch
     * whose last seq is not stored yet is open, being written or cut short by a failure: readers
     * stop before it, and appenders wait for it or, once it is stale, delete it ({@link OpenBatches}).
     */
    static final String BATCH_FIRST = "batchFirst";
    static final String BATCH_LAST = "batchLast";
    /**
     * On the first document of a keyed append: the job id, a slash and the Idempotency-Key (unique
     * and sparse index {@link JobEventsIndex#PUBLISH_KEY_NAME}), and the digest of what it published.
     */
    static final String PUBLISH_KEY = "publishKey";
    static final String PUBLISH_FINGERPRINT = "publishFingerprint";

    private JobEventDocument() {
    }

    /** The document of a single event, unkeyed. */
    static Document toDocument(JobEvent event) {
        // a java.util.Date becomes a BSON date (millisecond precision, sortable, readable in mongosh)
        Document document = new Document(ID, EventKeys.of(event.jobId(), event.seq()))
                .append(JOB_ID, event.jobId().value())
                .append(SEQ, event.seq())
                .append(EVENT_TYPE, event.eventType().value())
                .append(OCCURRED_AT, Date.from(event.occurredAt()))
                .append(PAYLOAD, event.payload());
        event.from().ifPresent(from -> {
            document.append(FROM_CLIENT, from.clientId().value());
            from.user().ifPresent(user -> document.append(FROM_USER, user));
        });
        return document;
    }

    /**
     * The documents an append inserts, through the driver ({@link EventBatchInsert}): its events, the
     * batch's span on each when there are several, and the claim's key on the first.
     */
    static List<Document> toDocuments(List<JobEvent> append, Optional<IdempotencyClaim> claim) {
        List<Document> documents = new ArrayList<>(append.size());
        long first = append.get(0).seq();
        long last = append.get(append.size() - 1).seq();
        for (JobEvent event : append) {
            Document document = toDocument(event);
            if (last > first) {
                document.append(BATCH_FIRST, first).append(BATCH_LAST, last);
            }
            documents.add(document);
        }
        claim.ifPresent(c -> documents.get(0).append(PUBLISH_KEY, publishKey(append.get(0).jobId(), c.key()))
                .append(PUBLISH_FINGERPRINT, c.fingerprint()));
        return documents;
    }

    /** The indexed value of a job's key: job ids and keys never contain a slash. */
    static String publishKey(JobId jobId, IdempotencyKey key) {
        return jobId.value() + EventKeys.SEPARATOR + key.value();
    }

    /** The last seq of the append whose first document this is (a batch's last, or its own seq). */
    static long appendLastSeq(Document first) {
        Object last = first.get(BATCH_LAST);
        return last instanceof Number number ? number.longValue() : seq(first::get);
    }

    /** The batch's first seq when the document belongs to a batch whose last seq is past it, else 0. */
    static long openBatchFirst(long seq, Function<String, Object> fields) {
        Object last = fields.apply(BATCH_LAST);
        Object first = fields.apply(BATCH_FIRST);
        if (last instanceof Number lastSeq && first instanceof Number firstSeq && lastSeq.longValue() > seq) {
            return firstSeq.longValue();
        }
        return 0;
    }

    /** The event read through JNoSQL with a projection that left out {@link #JOB_ID}: the caller knows the job. */
    static JobEvent toEvent(JobId jobId, CommunicationEntity entity) {
        return toEvent(jobId, fieldsOf(entity));
    }

    /** The event read through the driver with a projection that left out {@link #JOB_ID}. */
    static JobEvent toEvent(JobId jobId, Document document) {
        return toEvent(jobId, document::get);
    }

    static Function<String, Object> fields(CommunicationEntity entity) {
        return fieldsOf(entity);
    }

    static long seqOf(CommunicationEntity entity) {
        return seq(fieldsOf(entity));
    }

    static Instant occurredAtOf(CommunicationEntity entity) {
        return occurredAt(fieldsOf(entity));
    }

    static EventType eventTypeOf(CommunicationEntity entity) {
        return EventType.of(string(fieldsOf(entity), EVENT_TYPE));
    }

    private static JobEvent toEvent(JobId jobId, Function<String, Object> fields) {
        return new JobEvent(jobId, seq(fields), EventType.of(string(fields, EVENT_TYPE)), occurredAt(fields),
                string(fields, PAYLOAD), sender(fields));
    }

    private static Optional<Sender> sender(Function<String, Object> fields) {
        if (fields.apply(FROM_CLIENT) == null) {
            return Optional.empty();
        }
        Optional<String> user = fields.apply(FROM_USER) == null ? Optional.empty() : Optional.of(string(fields, FROM_USER));
        return Optional.of(new Sender(ClientId.of(string(fields, FROM_CLIENT)), user));
    }

    private static Function<String, Object> fieldsOf(CommunicationEntity entity) {
        // the raw value, not Element.get(Class): JNoSQL's readers would coerce instead of rejecting
        return field -> entity.find(field).map(Element::get).orElse(null);
    }

    private static long seq(Function<String, Object> fields) {
        Object seq = fields.apply(SEQ);
        if (seq instanceof Number number) {
            return number.longValue();
        }
        throw corrupt(SEQ, seq);
    }

    private static Instant occurredAt(Function<String, Object> fields) {
        Object at = fields.apply(OCCURRED_AT);
        if (at instanceof Date date) {
            return date.toInstant();
        }
        throw corrupt(OCCURRED_AT, at);
    }

    private static String string(Function<String, Object> fields, String field) {
        Object value = fields.apply(field);
        if (value instanceof String text) {
            return text;
        }
        throw corrupt(field, value);
    }

    private static IllegalStateException corrupt(String field, Object value) {
        String found = value == null ? "nothing" : "a " + value.getClass().getSimpleName();
        return new IllegalStateException("A " + COLLECTION + " document has " + found + " in '" + field + "'");
    }
}
