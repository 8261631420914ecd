package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;
import org.eclipse.jnosql.communication.semistructured.CommunicationEntity;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.communication.semistructured.Element;
import org.eclipse.jnosql.communication.semistructured.SelectQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.ID;

/**
 * Which seqs of a job are stored, asked as one {@code {_id: {$in: [keys]}}} query with the
 * projection {@code {_id: 1}}: point lookups on the {@code _id} index on mongo-java-server, and a
 * covered index scan (no document fetched) on MongoDB. Through Jakarta NoSQL, which renders a
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
        Set<String> stored = stored(keys);
        Map<JobId, SeqRun> runs = new HashMap<>();
        starts.forEach((jobId, from) -> runs.put(jobId, run(jobId, from, window, stored)));
        return runs;
    }

    private static SeqRun run(JobId jobId, long from, int window, Set<String> stored) {
        boolean fromStored = from == 0 || stored.contains(EventKeys.of(jobId, from));
        long windowEnd = from + window;
        long end = from;
        while (end < windowEnd && stored.contains(EventKeys.of(jobId, end + 1))) {
            end++;
        }
        return new SeqRun(from, fromStored, end, windowEnd);
    }

    private Set<String> stored(List<String> keys) {
        Set<String> stored = new HashSet<>();
        if (keys.isEmpty()) {
            return stored;
        }
        SelectQuery query = SelectQuery.select(ID).from(COLLECTION).where(ID).in(keys).build();
        try (Stream<CommunicationEntity> found = documents.select(query)) {
            found.forEach(entity -> entity.find(ID).map(Element::get).ifPresent(id -> stored.add(id.toString())));
        }
        return stored;
    }
}
