package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.Date;

/**
 * The {@value #COLLECTION} collection: one document {@code {_id: <migration>, at: <date>, events: <n>}}
 * per completed data migration, so that later starts skip it with one point lookup instead of
 * looking for work again.
 *
 * <p>Raw driver: what the migrations around it use.
 */
final class MigrationMarkers {

    static final String COLLECTION = "herald_migrations";
    static final String ID = "_id";
    static final String AT = "at";
    static final String EVENTS = "events";

    private final MongoCollection<Document> markers;

    MigrationMarkers(MongoDatabase database) {
        this.markers = database.getCollection(COLLECTION);
    }

    boolean isDone(String migration) {
        return markers.find(Filters.eq(ID, migration)).projection(new Document(ID, 1)).first() != null;
    }

    /** Records the migration as done; another gateway that finished first already did: fine. */
    void recordDone(String migration, long events) {
        try {
            markers.insertOne(new Document(ID, migration).append(AT, new Date()).append(EVENTS, events));
        } catch (MongoException e) {
            if (!MongoFailures.isDuplicateKey(e)) {
                throw e;
            }
        }
    }
}
