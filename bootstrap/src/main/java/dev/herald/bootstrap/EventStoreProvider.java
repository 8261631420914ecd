package dev.herald.bootstrap;

import com.mongodb.client.MongoClient;
import dev.herald.adapter.file.FileEventStore;
import dev.herald.adapter.file.FsyncPolicy;
import dev.herald.adapter.file.FileRevocationStore;
import dev.herald.adapter.memory.InMemoryEventStore;
import dev.herald.adapter.memory.InMemoryRevocationStore;
import dev.herald.adapter.mongo.MongoRevocationStore;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.adapter.mongo.EmbeddedMongoServer;
import dev.herald.adapter.mongo.MongoEventStore;
import dev.herald.adapter.mongo.MongoEventStoreFactory;
import dev.herald.adapter.mongo.MongoHealthCheck;
import dev.herald.adapter.mongo.MongoSettings;
import dev.herald.application.cache.RecentEventsCache;
import dev.herald.application.port.out.EventStore;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the event store chosen by {@code herald.event-store} and owns what it runs on: MongoDB
 * at {@code MONGODB_URI}; with no URI, by default, the file store (a log of segment files,
 * {@link FileEventStore}), so a single node keeps its events across restarts with nothing to
 * install; or, with {@code mongo} and no URI, an embedded MongoDB wire-protocol server with an H2
 * file (the default of earlier versions). A MongoDB store is
 * read through a {@link RecentEventsCache} unless {@code herald.event-cache.*} turns it off; the file
 * store is not (its reads are positional reads of the page cache already).
 */
final class EventStoreProvider implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventStoreProvider.class.getName());

    enum Kind { MONGO, MEMORY, FILE }


    private final EventStore store;
    private final RevocationStore revocations;
    private final HealthCheck health;
    private final String description;
    private final Optional<RecentEventsCache> cache;
    private MongoClient client;
    private EmbeddedMongoServer embedded;
    private FileEventStore file;

    EventStoreProvider(HeraldConfig config) {
        Kind kind = config.string(Setting.EVENT_STORE).isPresent()
                ? config.choice(Setting.EVENT_STORE, Kind.class)
                : defaultKind(config);
        if (kind == Kind.MEMORY) {
            store = new InMemoryEventStore();
            revocations = new InMemoryRevocationStore();
            cache = Optional.empty();
            health = () -> HealthCheckResponse.named(MongoHealthCheck.NAME).up().withData("store", "memory").build();
            description = "in-memory (events are lost when the server stops)";
        } else if (kind == Kind.FILE) {
            Path dir = config.string(Setting.FILE_STORE_DIR).map(Path::of)
                    .orElseGet(EventStoreProvider::defaultFileStoreDir);
            String fsyncValue = config.text(Setting.FILE_STORE_FSYNC);
            FsyncPolicy fsync = HeraldConfig.building(Setting.FILE_STORE_FSYNC.property(),
                    () -> FsyncPolicy.parse(fsyncValue));
            file = FileEventStore.open(dir, fsync, FileEventStore.DEFAULT_SEGMENT_BYTES);
            store = file;
            revocations = FileRevocationStore.open(file.directory());
            cache = Optional.empty();
            FileEventStore opened = file;
            // built without the provider SPI, like withData below: a plain value, testable outside Liberty
            health = () -> new HealthCheckResponse(MongoHealthCheck.NAME, opened.isWritable()
                    ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                    Optional.of(java.util.Map.of("store", "file")));
            description = "event log in " + file.directory() + " (fsync " + fsync + ")";
        } else {
            MongoSettings settings = mongoSettings(config);
            client = MongoEventStoreFactory.newClient(settings);
            MongoEventStore mongo = MongoEventStoreFactory.newStore(client, settings);
            revocations = new MongoRevocationStore(client, settings.database());
            cache = cache(config, mongo);
            store = cache.<EventStore>map(c -> c).orElse(mongo);
            health = embedded == null ? new MongoHealthCheck(mongo) : withData(new MongoHealthCheck(mongo), "embedded", true);
            String where = embedded != null
                    ? "embedded MongoDB (mongo-java-server, H2 file " + embedded.dataFile() + ")"
                    : "MongoDB " + settings.redactedUri() + " database " + settings.database();
            description = where + cache.map(c -> ", recent-events cache " + c.maxEventsPerJob() + " events per job, "
                    + c.maxBytes() + " bytes").orElse(", no recent-events cache");
        }
        LOG.log(System.Logger.Level.INFO, "Event store: " + description);
    }

    /**
     * Without {@code herald.event-store}: MongoDB when {@code MONGODB_URI} is set, else the file
     * store (docs/decisions/0002-embedded-event-log.md). One exception keeps an upgrade from hiding
     * a node's events: a node that holds events in the embedded MongoDB store of earlier versions,
     * and none in the file store yet, keeps the embedded MongoDB store (and says how to move).
     */
    static Kind defaultKind(HeraldConfig config) {
        if (config.string(Setting.MONGO_URI).isPresent()) {
            return Kind.MONGO;
        }
        Path legacy = config.string(Setting.MONGO_EMBEDDED_DATA_DIR).map(Path::of).orElseGet(EventStoreProvider::defaultDataDir);
        Path log = config.string(Setting.FILE_STORE_DIR).map(Path::of).orElseGet(EventStoreProvider::defaultFileStoreDir);
        if (holdsFiles(legacy) && !holdsFiles(log)) {
            LOG.log(System.Logger.Level.WARNING, "Event store: events of an earlier version found in the embedded MongoDB "
                    + "store at " + legacy + "; it stays in use. A new node stores its events in the file store: set "
                    + "herald.event-store=file to start an empty one there, or herald.event-store=mongo to keep this one "
                    + "and silence this line");
            return Kind.MONGO;
        }
        return Kind.FILE;
    }

    private static boolean holdsFiles(Path dir) {
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false; // absent or unreadable: nothing to keep
        }
    }

    /** The cache in front of the store; either bound set to 0 turns it off. */
    private static Optional<RecentEventsCache> cache(HeraldConfig config, EventStore store) {
        int events = config.integer(Setting.EVENT_CACHE_MAX_EVENTS_PER_JOB, 0);
        long bytes = config.number(Setting.EVENT_CACHE_MAX_BYTES, 0);
        return events == 0 || bytes == 0 ? Optional.empty() : Optional.of(new RecentEventsCache(store, events, bytes));
    }

    private MongoSettings mongoSettings(HeraldConfig config) {
        String uri = config.string(Setting.MONGO_URI).orElseGet(() -> {
            Path dataDir = config.string(Setting.MONGO_EMBEDDED_DATA_DIR).map(Path::of).orElseGet(EventStoreProvider::defaultDataDir);
            int port = config.integerBetween(Setting.MONGO_EMBEDDED_PORT, 0, 65_535);
            embedded = port == 0 ? EmbeddedMongoServer.start(dataDir) : EmbeddedMongoServer.start(dataDir, port);
            return embedded.connectionUri();
        });
        MongoSettings settings = MongoSettings.of(uri);
        MongoSettings named = config.string(Setting.MONGO_DATABASE)
                .map(db -> HeraldConfig.building(Setting.MONGO_DATABASE.property(), () -> settings.withDatabase(db)))
                .orElse(settings);
        return named.withTimeouts(
                config.millis(Setting.MONGO_CONNECT_TIMEOUT_MS, 1),
                config.millis(Setting.MONGO_SERVER_SELECTION_TIMEOUT_MS, 1),
                config.millis(Setting.MONGO_SOCKET_TIMEOUT_MS, 1));
    }

    /** The check's answer with one more data item (which store this is, for the operator). */
    private static HealthCheck withData(HealthCheck check, String key, boolean value) {
        return () -> {
            HealthCheckResponse response = check.call();
            java.util.Map<String, Object> data = new java.util.LinkedHashMap<>(response.getData().orElse(java.util.Map.of()));
            data.put(key, value);
            return new HealthCheckResponse(response.getName(), response.getStatus(), java.util.Optional.of(data));
        };
    }

    /** Under the server's output folder (Liberty's {@code server.output.dir}), else the working directory. */
    static Path defaultDataDir() {
        String output = System.getProperty("server.output.dir");
        return (output == null ? Path.of("data") : Path.of(output, "data")).resolve("herald-events").toAbsolutePath();
    }

    /** The file store's folder: a sibling of the embedded MongoDB store's. */
    static Path defaultFileStoreDir() {
        return defaultDataDir().resolveSibling("herald-log");
    }

    /** The operator's revocations, kept by the same store as the events. */
    RevocationStore revocations() {
        return revocations;
    }

    EventStore store() {
        return store;
    }

    /** The recent-events cache in front of the store, when there is one. */
    Optional<RecentEventsCache> cache() {
        return cache;
    }

    HealthCheck health() {
        return health;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
        if (client != null) {
            client.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

}
