package dev.herald.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.herald.domain.job.JobId;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.herald.adapter.mongo.JobEventDocument.COLLECTION;
import static dev.herald.adapter.mongo.JobEventDocument.ID;

/**
 * The data migration to keyed event {@code _id}s ({@link EventKeys}). Events stored by earlier
 * versions have the ObjectId the driver generated; the reads, which ask for keys, do not see them,
 * so without this an upgrade would seem to lose every earlier event.
 *
 * <p>Once per database: when the marker {@value #NAME} is recorded ({@link MigrationMarkers}), a
 * start costs one point lookup. Otherwise every event whose {@code _id} is not a string is
 * rewritten ({@link LegacyEventRewriter}), the rewritten jobs' {@link JobHeads} hints are advanced
 * (without them their first head lookup would fall back to the sort query), and the marker is
 * recorded; not when something had to be left behind, so that the next start tries again.
 *
 * <p>Runs where the index migration runs ({@link MongoEventStore}): at start, and when the
 * database was unreachable then, before the next operation; no operation of this instance runs
 * before it finished. Safe with several gateways migrating at once, and after a crash half-way:
 * every step is idempotent.
 */
final class EventKeyMigration {

    static final String NAME = "event-keys-v2";
    /** Originals rewritten per round of {@link LegacyEventRewriter}: one page of large events. */
    static final int BATCH = EventPages.BATCH_SIZE;
    /**
     * Original {@code _id}s listed per scan. The scan starts over after each list (the rewritten
     * documents drop out of it), and on mongo-java-server each start may pass every keyed
     * document again: a long list keeps the scans few; 10 000 ids are well under 1 MB.
     */
    static final int IDS_PER_SCAN = 10_000;

    private static final System.Logger LOG = System.getLogger(EventKeyMigration.class.getName());
    private static final int EXAMPLES_LOGGED = 10;

    private final MongoDatabase database;
    private final MongoCollection<Document> events;
    private final MigrationMarkers markers;
    private final LegacyEventRewriter rewriter;
    private final JobHeads heads;
    private volatile boolean done;

    EventKeyMigration(MongoDatabase database, JobHeads heads) {
        this.database = database;
        this.events = database.getCollection(COLLECTION);
        this.markers = new MigrationMarkers(database);
        this.rewriter = new LegacyEventRewriter(events);
        this.heads = heads;
    }

    /** Makes sure every event is keyed. Cheap once it succeeded. */
    void ensure() {
        if (!done) {
            migrate();
        }
    }

    private synchronized void migrate() {
        if (done) {
            return;
        }
        if (markers.isDone(NAME)) {
            done = true;
            return;
        }
        long started = System.nanoTime();
        long rewritten = 0;
        Set<String> jobs = new HashSet<>();
        Map<Object, String> leftBehind = new LinkedHashMap<>();
        for (List<Object> ids = legacyIds(leftBehind.keySet()); !ids.isEmpty(); ids = legacyIds(leftBehind.keySet())) {
            Map<JobId, Long> heads = new HashMap<>();
            for (int from = 0; from < ids.size(); from += BATCH) {
                LegacyEventRewriter.Outcome outcome = rewriter.rewrite(ids.subList(from,
                        Math.min(ids.size(), from + BATCH)));
                rewritten += outcome.rewritten();
                outcome.heads().forEach((jobId, seq) -> heads.merge(jobId, seq, Math::max));
                leftBehind.putAll(outcome.leftBehind());
            }
            // per list, not per batch: a batch of interleaved jobs would cost one update per event
            heads.forEach(this.heads::advance);
            heads.keySet().forEach(jobId -> jobs.add(jobId.value()));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (leftBehind.isEmpty()) {
            markers.recordDone(NAME, rewritten);
            LOG.log(Level.INFO, "Event store migration: rewrote {0} event(s) of {1} job(s) to keyed _ids in {2} ms; "
                            + "recorded as ''{3}'' in {4}.{5}", String.valueOf(rewritten), String.valueOf(jobs.size()),
                    String.valueOf(millis), NAME, database.getName(), MigrationMarkers.COLLECTION);
        } else {
            LOG.log(Level.WARNING, "Event store migration: rewrote {0} event(s) of {1} job(s) to keyed _ids in {2} ms, "
                            + "but left {3} document(s) of {4}.{5} as they are, which reads do not see: {6}. "
                            + "The migration runs again at the next start.", String.valueOf(rewritten),
                    String.valueOf(jobs.size()), String.valueOf(millis), String.valueOf(leftBehind.size()),
                    database.getName(), COLLECTION, examples(leftBehind));
        }
        done = true;
    }

    /**
     * The next {@value #IDS_PER_SCAN} {@code _id}s that are not strings, projected to {@code _id}
     * alone. mongo-java-server (1.47) evaluates {@code $not}/{@code $type} by scanning; it stops
     * at the limit.
     */
    private List<Object> legacyIds(Set<Object> skipped) {
        Bson notKeyed = Filters.not(Filters.type(ID, BsonType.STRING));
        Bson filter = skipped.isEmpty() ? notKeyed : Filters.and(notKeyed, Filters.nin(ID, skipped));
        List<Object> ids = new ArrayList<>();
        // batch size: each reply is bounded in time even where the scan reads whole documents
        try (MongoCursor<Document> cursor = events.find(filter).projection(Projections.include(ID))
                .limit(IDS_PER_SCAN).batchSize(1000).iterator()) {
            cursor.forEachRemaining(document -> ids.add(document.get(ID)));
        }
        return ids;
    }

    private static String examples(Map<Object, String> leftBehind) {
        String shown = leftBehind.entrySet().stream().limit(EXAMPLES_LOGGED)
                .map(entry -> "_id " + entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining("; "));
        return leftBehind.size() > EXAMPLES_LOGGED ? shown + "; ..." : shown;
    }
}
