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
import java.time.Duration;
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
 * <p>Durability: a write is answered once it is in the journal ({@link DurableH2Backend},
 * {@link CommandJournal}), so a hard kill of the process loses nothing acknowledged: the next start
 * runs the journaled writes again. Every {@value #CHECKPOINT_INTERVAL_MS} ms the data file is
 * committed and synced to the disk and the journal it now holds is deleted: a power loss can lose
 * the acknowledged writes of that last interval. A clean {@link #close()} leaves everything in the
 * file. Use a real MongoDB (replica set, majority writes) where a machine's loss must not lose data.
 *
 * <p>Space: the MVStore writes a new chunk per commit and reuses a chunk once it holds nothing live
 * and has been unused for {@value #RETENTION_MS} ms (its default, 45 s, is there for file systems
 * that flush late; this file is synced at every commit). Chunks that still hold a few live pages
 * are rewritten by the same thread, at most {@value #COMPACT_WRITE_LIMIT} bytes a round, until
 * the live pages fill {@value #COMPACT_TARGET_FILL_RATE} % of the chunks: the store's own background
 * writer, which did this under the store's lock, is off.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String DATA_FILE_NAME = "herald-events.mv";
    /** How often the data file is committed and synced; well below {@link #RETENTION_MS}. */
    static final long CHECKPOINT_INTERVAL_MS = 200;
    /** How long a chunk that holds nothing live is kept before its space is reused. */
    static final int RETENTION_MS = 2_000;
    /** Chunks are rewritten while live pages fill less than this share of them (H2's own default under load: 81). */
    static final int COMPACT_TARGET_FILL_RATE = 80;
    /** At most this many bytes of chunks are rewritten per checkpoint, so that a round stays short. */
    static final int COMPACT_WRITE_LIMIT = 1 << 20;

    private static final System.Logger LOG = System.getLogger(EmbeddedMongoServer.class.getName());
    private static final String HOST = "127.0.0.1";

    private final MongoServer server;
    private final Path dataFile;
    private final InetSocketAddress address;
    private final ScheduledExecutorService checkpoints;

    private EmbeddedMongoServer(MongoServer server, DurableH2Backend backend, MVStore store, Path dataFile,
                                Duration checkpointInterval) {
        this.server = server;
        this.dataFile = dataFile;
        this.address = server.getLocalAddress();
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "herald-embedded-mongo-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(() -> checkpoint(backend, store), checkpointInterval.toMillis(),
                checkpointInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkpoint(DurableH2Backend backend, MVStore store) {
        try {
            backend.checkpoint();
            if (!store.isClosed()) {
                store.compact(COMPACT_TARGET_FILL_RATE, COMPACT_WRITE_LIMIT);
            }
        } catch (RuntimeException e) { // the disk refused, say: the journal keeps the writes, the next round tries again
            LOG.log(Level.WARNING, "Embedded MongoDB: committing {0} failed: {1}", dataFile, e.toString());
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
        return start(dataDirectory, port, Duration.ofMillis(CHECKPOINT_INTERVAL_MS));
    }

    /** With another checkpoint interval: tests that must find writes only in the journal. */
    static EmbeddedMongoServer start(Path dataDirectory, int port, Duration checkpointInterval) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path file = directory.resolve(DATA_FILE_NAME);
        MVStore store = open(directory, file);
        DurableH2Backend backend;
        try {
            backend = DurableH2Backend.open(store, directory, Set.of(JobHeads.COLLECTION));
        } catch (RuntimeException e) {
            store.closeImmediately(); // releases the file; the journal stays for the next attempt
            throw new IllegalStateException("Cannot recover the embedded MongoDB data in " + directory + ": " + e, e);
        }
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(HOST, port);
        } catch (Exception e) { // netty rethrows the checked BindException undeclared
            // shutdownNow closes the backend, and with it the MVStore: the file is released
            server.shutdownNow();
            throw new IllegalStateException("Embedded MongoDB could not listen on " + HOST + ":" + port + ": " + e,
                    e);
        }
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(server, backend, store, file, checkpointInterval);
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
        checkpoints.shutdown(); // a checkpoint under way finishes first: it must not meet a closing store
        try {
            checkpoints.awaitTermination(5, TimeUnit.SECONDS);
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
            // no background writer: a commit must fall between two journaled writes (DurableH2Backend),
            // and its housekeeping held the store's lock for up to a second under load
            MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            store.setRetentionTime(RETENTION_MS);
            return store;
        } catch (MVStoreException e) {
            throw new IllegalStateException("Cannot open the embedded MongoDB data file " + file
                    + " (is another Herald instance using it?): " + e.getMessage(), e);
        }
    }
}
