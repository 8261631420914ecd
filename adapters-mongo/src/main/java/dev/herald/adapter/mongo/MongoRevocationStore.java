package dev.herald.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.domain.operator.Revocation;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Revocations in the collection {@value #COLLECTION} of the events' database: one document per
 * subject, {@code {_id: sub, revokedAt: <epoch ms>}}, kept at the latest time by {@code $max}
 * (so two instances revoking the same user at once keep the later revocation).
 */
public final class MongoRevocationStore implements RevocationStore {

    public static final String COLLECTION = "herald_revocations";
    private final MongoCollection<Document> revocations;

    public MongoRevocationStore(MongoClient client, String databaseName) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(databaseName, "databaseName");
        this.revocations = client.getDatabase(databaseName).getCollection(COLLECTION);
    }

    @Override
    public void record(Revocation revocation) {
        try {
            revocations.updateOne(Filters.eq("_id", revocation.subject()),
                    Updates.max("revokedAt", revocation.revokedAt().toEpochMilli()), new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            throw MongoFailures.unavailable("record a revocation", e);
        }
    }

    @Override
    public List<Revocation> all() {
        try {
            List<Revocation> all = new ArrayList<>();
            for (Document document : revocations.find()) {
                Object revokedAt = document.get("revokedAt");
                if (document.get("_id") instanceof String subject && revokedAt instanceof Number millis) {
                    all.add(new Revocation(subject, Instant.ofEpochMilli(millis.longValue())));
                }
            }
            return all;
        } catch (MongoException e) {
            throw MongoFailures.unavailable("read the revocations", e);
        }
    }
}
