package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.bson.Document;

import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.JOB_ID;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * An event document as versions before the keyed {@code _id}s stored it: an {@code _id} the
 * driver generated (an ObjectId), the job and seq only in {@code jobId} and {@code seq}.
 *
 * <p>While {@link LegacyEventRewriter} rewrites it, its {@code seq} is stored negated: the unique
 * {@code (jobId, seq)} index admits one document per seq, so the original must give its seq up
 * before the keyed copy can take it, yet stay findable (by its non-string {@code _id}) and
 * complete, so that a rewrite cut short by a crash is finished by the next run. A negative seq is
 * unambiguous: seqs start at 1.
 *
 * @param originalId the original's {@code _id}
 * @param copy       the keyed document: every field of the original, {@code _id} from
 *                   {@link EventKeys#of}, {@code seq} positive again
 */
record LegacyEvent(Object originalId, JobId jobId, long seq, Document copy) {

    /**
     * @throws IllegalArgumentException (without document content) when the document cannot be an
     *                                  event Herald stored: no valid job id, no whole positive seq
     */
    static LegacyEvent of(Document original) {
        Object id = original.get(ID);
        JobId jobId = jobIdOf(original.get(JOB_ID));
        long seq = seqOf(original.get(SEQ));
        Document copy = new Document(ID, EventKeys.of(jobId, seq));
        original.forEach((field, value) -> {
            if (!ID.equals(field)) {
                copy.append(field, SEQ.equals(field) ? seq : value);
            }
        });
        return new LegacyEvent(id, jobId, seq, copy);
    }

    String key() {
        return copy.getString(ID);
    }

    /** The seq the original holds while its keyed copy takes {@link #seq}. */
    long setAsideSeq() {
        return -seq;
    }

    private static JobId jobIdOf(Object value) {
        if (value instanceof String text) {
            try {
                return JobId.of(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("its jobId is not a valid job id");
            }
        }
        throw new IllegalArgumentException("it has no string jobId");
    }

    /** Positive, or negated by an interrupted rewrite. */
    private static long seqOf(Object value) {
        if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() != 0
                && ((Number) value).longValue() != Long.MIN_VALUE) {
            return Math.abs(((Number) value).longValue());
        }
        throw new IllegalArgumentException("it has no whole non-zero seq");
    }
}
