package dev.herald.adapter.mongo;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.Element;

import java.time.Instant;
import java.util.Date;
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

    private JobEventDocument() {
    }

    /** The document an append inserts, through the driver ({@link EventBatchInsert}). */
    static Document toDocument(JobEvent event) {
        // a java.util.Date becomes a BSON date (millisecond precision, sortable, readable in mongosh)
        return new Document(ID, EventKeys.of(event.jobId(), event.seq()))
                .append(JOB_ID, event.jobId().value())
                .append(SEQ, event.seq())
                .append(EVENT_TYPE, event.eventType().value())
                .append(OCCURRED_AT, Date.from(event.occurredAt()))
                .append(PAYLOAD, event.payload());
    }

    /** The event read through JNoSQL with a projection that left out {@link #JOB_ID}: the caller knows the job. */
    static JobEvent toEvent(JobId jobId, CommunicationEntity entity) {
        return toEvent(jobId, fieldsOf(entity));
    }

    /** The event read through the driver with a projection that left out {@link #JOB_ID}. */
    static JobEvent toEvent(JobId jobId, Document document) {
        return toEvent(jobId, document::get);
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
                string(fields, PAYLOAD));
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
