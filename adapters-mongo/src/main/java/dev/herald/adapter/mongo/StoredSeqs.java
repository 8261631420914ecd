package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.communication.semistructured.Element;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.herald.adapter.mongo.JobEventDocument.BATCH_FIRST;
import static dev.herald.adapter.mongo.JobEventDocument.BATCH_LAST;
import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.ID;

/**
 * Which seqs of a job are stored, asked as one {@code {_id: {$in: [keys]}}} query with the
 * projection {@code {_id, batchFirst, batchLast}} (whether the run ends inside an open batch):
 * point lookups on the {@code _id} index on mongo-java-server and on MongoDB. Through Jakarta NoSQL, which renders a
 * single IN condition as exactly that flat filter.
 */
final class StoredSeqs {

    private final DatabaseManager documents;

    StoredSeqs(DatabaseManager documents) {
        this.documents = documents;
    }

    /** Probes seqs {@code from..from+window} of one job (seq 0 is skipped: it never exists). */
    SeqRun runFrom(JobId jobId, long from, int window) {
        return runsFrom(Map.of(jobId, from), window).get(jobId);
    }

    /** The same probe for many jobs, in one query. */
    Map<JobId, SeqRun> runsFrom(Map<JobId, Long> starts, int window) {
        List<String> keys = new ArrayList<>();
        starts.forEach((jobId, from) -> keys.addAll(EventKeys.range(jobId, Math.max(1, from), from + window)));
        Map<String, Long> stored = stored(keys);
        Map<JobId, SeqRun> runs = new HashMap<>();
        starts.forEach((jobId, from) -> runs.put(jobId, run(jobId, from, window, stored)));
        return runs;
    }

    private static SeqRun run(JobId jobId, long from, int window, Map<String, Long> stored) {
        boolean fromStored = from == 0 || stored.containsKey(EventKeys.of(jobId, from));
        long windowEnd = from + window;
        long end = from;
        while (end < windowEnd && stored.containsKey(EventKeys.of(jobId, end + 1))) {
            end++;
        }
        long openFrom = end == 0 ? 0 : stored.getOrDefault(EventKeys.of(jobId, end), 0L);
        return new SeqRun(from, fromStored, end, windowEnd, openFrom);
    }

    /** The stored keys among {@code keys}, each with the first seq of the open batch it belongs to, or 0. */
    private Map<String, Long> stored(List<String> keys) {
        Map<String, Long> stored = new HashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        SelectQuery query = SelectQuery.select(ID, BATCH_FIRST, BATCH_LAST).from(COLLECTION).where(ID).in(keys)
                .build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            found.forEach(entity -> entity.find(ID).map(Element::get).ifPresent(id -> stored.put(id.toString(),
                    JobEventDocument.openBatchFirst(EventKeys.seqOf(id.toString()), JobEventDocument.fields(entity)))));
        }
        return stored;
    }
}
