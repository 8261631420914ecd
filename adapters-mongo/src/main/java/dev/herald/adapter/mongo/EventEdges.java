package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;

import java.util.Optional;
import java.util.stream.Stream;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.JOB_ID;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * A job's first or last event by seq, by the sort query {@code find({jobId}).sort({seq: ±1}).limit(1)}.
 * On MongoDB that reads one end of the {@code (jobId, seq)} index; mongo-java-server cannot use an
 * index for a sort and scans every event of every job. So this is only the fallback, for what the
 * point lookups cannot answer: a head hint that is missing for a job with many events or is wrong
 * (see {@link HeadLocator}), and a job whose seq 1 is gone.
 */
final class EventEdges {

    private final DatabaseManager documents;

    EventEdges(DatabaseManager documents) {
        this.documents = documents;
    }

    Optional<CommunicationEntity> first(JobId jobId, String... fields) {
        return edge(jobId, true, fields);
    }

    Optional<CommunicationEntity> last(JobId jobId, String... fields) {
        return edge(jobId, false, fields);
    }

    /** The job's highest stored seq, 0 when it has none. */
    long lastSeq(JobId jobId) {
        return last(jobId, SEQ).map(JobEventDocument::seqOf).orElse(0L);
    }

    private Optional<CommunicationEntity> edge(JobId jobId, boolean first, String... fields) {
        var where = SelectQuery.select(fields).from(COLLECTION).where(JOB_ID).eq(jobId.value()).orderBy(SEQ);
        SelectQuery query = (first ? where.asc() : where.desc()).limit(1).build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            return found.findFirst();
        }
    }
}
