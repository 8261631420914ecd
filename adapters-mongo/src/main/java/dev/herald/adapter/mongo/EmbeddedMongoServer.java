package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The default event store for a single node without a MongoDB server: mongo-java-server speaking
 * the MongoDB wire protocol on the loopback interface, its data in one H2 MVStore file. The store
 * talks to it through the real driver, exactly as to MongoDB.
 *
 * <p>Durability: a write is answered once it is in the file ({@link DurableH2Backend}), so a hard
 * kill of the process loses nothing acknowledged. The file is synced to the disk every
 * {@value #SYNC_INTERVAL_MS} ms: a power loss can lose the acknowledged writes of that last
 * interval. A clean {@link #close()} flushes everything. Use a real MongoDB (replica set,
 * majority writes) where a machine's loss must not lose data.
 *
 * <p>Space: the MVStore writes a new chunk per commit and may reuse a chunk once it holds nothing
 * live and has been unused for {@value #RETENTION_MS} ms (its default, 45 s, is there for file
 * systems that flush late; this file is synced more often than that, so the shorter retention is
 * as safe and keeps the file from growing by a chunk per write for 45 s).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String DATA_FILE_NAME = "herald-events.mv";
    static final int AUTO_COMMIT_DELAY_MS = 200;
    /** How often the file is synced to the disk; well below {@link #RETENTION_MS}. */
    static final long SYNC_INTERVAL_MS = 500;
    /** How long a chunk that holds nothing live is kept before its space is reused. */
    static final int RETENTION_MS = 2_000;

    private static final System.Logger LOG = System.getLogger(EmbeddedMongoServer.class.getName());
    private static final String HOST = "127.0.0.1";

    private final MongoServer server;
    private final Path dataFile;
    private final InetSocketAddress address;
    private final ScheduledExecutorService syncer;

    private EmbeddedMongoServer(MongoServer server, MVStore store, Path dataFile) {
        this.server = server;
        this.dataFile = dataFile;
        this.address = server.getLocalAddress();
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "herald-embedded-mongo-sync");
            thread.setDaemon(true);
            return thread;
        });
        syncer.scheduleWithFixedDelay(() -> sync(store), SYNC_INTERVAL_MS, SYNC_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sync(MVStore store) {
        try {
            if (!store.isClosed()) {
                store.sync();
            }
        } catch (RuntimeException e) { // closing meanwhile, or the disk refused: the next round tries again
            LOG.log(Level.WARNING, "Embedded MongoDB: syncing {0} to the disk failed: {1}", dataFile, e.toString());
        }
    }

    /** Starts on a free port. */
    public static EmbeddedMongoServer start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /**
     * Opens (or creates) {@code <dataDirectory>/herald-events.mv} and listens on {@code 127.0.0.1:port}
     * ({@code 0}: a free port).
     *
     * @throws IllegalStateException when the directory cannot be used, the file is held by another
     *                               process, or the port is taken
     */
    public static EmbeddedMongoServer start(Path dataDirectory, int port) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path file = directory.resolve(DATA_FILE_NAME);
        MVStore store = open(directory, file);
        MongoServer server = new MongoServer(new DurableH2Backend(store, Set.of(JobHeads.COLLECTION)));
        try {
            server.bind(HOST, port);
        } catch (Exception e) { // netty rethrows the checked BindException undeclared
            // shutdownNow closes the backend, and with it the MVStore: the file is released
            server.shutdownNow();
            throw new IllegalStateException("Embedded MongoDB could not listen on " + HOST + ":" + port + ": " + e,
                    e);
        }
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(server, store, file);
        LOG.log(Level.INFO, "Embedded MongoDB (mongo-java-server, H2 file) listening on {0}, data in {1}",
                embedded.connectionUri(), file);
        return embedded;
    }

    /** {@code mongodb://127.0.0.1:<port>}: give it to {@link MongoSettings#of(String)}. */
    public String connectionUri() {
        return "mongodb://" + HOST + ":" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public Path dataFile() {
        return dataFile;
    }

    /** Disconnects clients, stops listening and closes the data file, flushing what is pending. */
    @Override
    public void close() {
        syncer.shutdown(); // a sync under way finishes first: it must not meet a closing store
        try {
            syncer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        LOG.log(Level.INFO, "Embedded MongoDB on port {0} stopped, data flushed to {1}",
                String.valueOf(address.getPort()), dataFile);
    }

    private static MVStore open(Path directory, Path file) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded MongoDB data directory " + directory, e);
        }
        try {
            MVStore store = new MVStore.Builder().fileName(file.toString()).open();
            // writes are committed before they are answered (DurableH2Backend); the background thread
            // stays on for its housekeeping (it also rewrites sparse chunks, so the file does not grow)
            store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
            store.setRetentionTime(RETENTION_MS);
            return store;
        } catch (MVStoreException e) {
            throw new IllegalStateException("Cannot open the embedded MongoDB data file " + file
                    + " (is another Herald instance using it?): " + e.getMessage(), e);
        }
    }
}
