package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * mongo-java-server's memory backend, counting per collection the work its queries do: full scans
 * (the path mongo-java-server takes when no index can answer a query) with the documents they go
 * through, and documents fetched by position (the path of an index lookup). Deterministic, unlike
 * timings: a query served by an index fetches as many documents whatever the collection holds.
 */
final class CountingMemoryBackend extends MemoryBackend {

    /** What queries on one collection did, since the last {@link #reset()}. */
    record Work(long scans, long documentsScanned, long documentsFetched) {
    }

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new CountingCollection(this, collectionName, options, cursorRegistry,
                        counters.computeIfAbsent(collectionName, name -> new Counters()));
            }
        };
    }

    Work workOn(String collectionName) {
        Counters c = counters.computeIfAbsent(collectionName, name -> new Counters());
        return new Work(c.scans.get(), c.scanned.get(), c.fetched.get());
    }

    void reset() {
        counters.values().forEach(Counters::reset);
    }

    private static final class Counters {
        final AtomicLong scans = new AtomicLong();
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong fetched = new AtomicLong();

        void reset() {
            scans.set(0);
            scanned.set(0);
            fetched.set(0);
        }
    }

    private static final class CountingCollection extends MemoryCollection {

        private final Counters counters;

        CountingCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                           CursorRegistry cursorRegistry, Counters counters) {
            super(database, collectionName, options, cursorRegistry);
            this.counters = counters;
        }

        /** The query path when no index can handle the query: every document of the collection. */
        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            counters.scans.incrementAndGet();
            counters.scanned.addAndGet(count());
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
            counters.scans.incrementAndGet();
            counters.scanned.addAndGet(count());
            return super.streamAllDocumentsWithPosition();
        }

        /** The query path of an index lookup: one call per position the index returned. */
        @Override
        protected Document getDocument(Integer position) {
            counters.fetched.incrementAndGet();
            return super.getDocument(position);
        }
    }
}
