package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.EVENT_TYPE;
import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.OCCURRED_AT;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * A job's snapshot facts from its first and last events, both fetched by key in one
 * {@code {_id: {$in: [key(first), key(head)]}}} query (point lookups on both engines), through Jakarta
 * NoSQL.
 *
 * <p>The event count is derived, {@code head - first + 1}: seqs are contiguous (the store never
 * leaves a hole), so this is exact, and it costs nothing, where counting would read every index
 * entry of the job on MongoDB and every event of every job on mongo-java-server.
 */
final class JobFactsReader {

    private final DatabaseManager documents;
    private final EventEdges edges;

    JobFactsReader(DatabaseManager documents, EventEdges edges) {
        this.documents = documents;
        this.edges = edges;
    }

    /**
     * @param head     the job's head, found beforehand ({@link HeadLocator}); 0: the job has no events
     * @param firstSeq the first seq retention left ({@link JobHeads}), 1 when none was deleted
     */
    Optional<JobFacts> facts(JobId jobId, long head, long firstSeq) {
        if (head == 0 || firstSeq > head) {
            return Optional.empty();
        }
        Map<Long, CommunicationEntity> bySeq = bySeq(jobId, firstSeq, head);
        // the first seq is missing only if a job's first events were removed by hand (whole jobs
        // only, says the runbook), or a retention delete is under way; then the sort query finds it
        Optional<CommunicationEntity> first = Optional.ofNullable(bySeq.get(firstSeq))
                .or(() -> edges.first(jobId, SEQ, OCCURRED_AT));
        // the head was seen stored just before; gone only if deleted since
        Optional<CommunicationEntity> last = Optional.ofNullable(bySeq.get(head))
                .or(() -> edges.last(jobId, SEQ, OCCURRED_AT, EVENT_TYPE));
        if (first.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        long firstStored = JobEventDocument.seqOf(first.get());
        long headSeq = JobEventDocument.seqOf(last.get());
        return Optional.of(new JobFacts(jobId, headSeq, headSeq - firstStored + 1,
                JobEventDocument.occurredAtOf(first.get()), JobEventDocument.occurredAtOf(last.get()),
                JobEventDocument.eventTypeOf(last.get())));
    }

    private Map<Long, CommunicationEntity> bySeq(JobId jobId, long firstSeq, long head) {
        List<String> keys = head == firstSeq ? List.of(EventKeys.of(jobId, head)) : List.of(EventKeys.of(jobId, firstSeq),
                EventKeys.of(jobId, head));
        SelectQuery query = SelectQuery.select(SEQ, OCCURRED_AT, EVENT_TYPE).from(COLLECTION).where(ID).in(keys)
                .build();
        Map<Long, CommunicationEntity> bySeq = new HashMap<>();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            found.forEach(entity -> bySeq.put(JobEventDocument.seqOf(entity), entity));
        }
        return bySeq;
    }
}
