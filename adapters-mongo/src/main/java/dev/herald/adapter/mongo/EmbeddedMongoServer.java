package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The default event store for a single node without a MongoDB server: mongo-java-server speaking
 * the MongoDB wire protocol on the loopback interface, its data in one H2 MVStore file. The store
 * talks to it through the real driver, exactly as to MongoDB.
 *
 * <p>Durability: a clean {@link #close()} flushes everything. A hard kill loses at most the writes
 * of the last {@value #AUTO_COMMIT_DELAY_MS} ms (the MVStore commits in the background); a power
 * loss may lose more (no fsync per write). Use a real MongoDB where that matters.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String DATA_FILE_NAME = "herald-events.mv";
    static final int AUTO_COMMIT_DELAY_MS = 200;

    private static final System.Logger LOG = System.getLogger(EmbeddedMongoServer.class.getName());
    private static final String HOST = "127.0.0.1";

    private final MongoServer server;
    private final Path dataFile;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(MongoServer server, Path dataFile) {
        this.server = server;
        this.dataFile = dataFile;
        this.address = server.getLocalAddress();
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
        MongoServer server = new MongoServer(new H2Backend(store));
        try {
            server.bind(HOST, port);
        } catch (Exception e) { // netty rethrows the checked BindException undeclared
            // shutdownNow closes the backend, and with it the MVStore: the file is released
            server.shutdownNow();
            throw new IllegalStateException("Embedded MongoDB could not listen on " + HOST + ":" + port + ": " + e,
                    e);
        }
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(server, file);
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
            // the default (1 s) would let a hard kill lose a second of acknowledged events
            store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
            return store;
        } catch (MVStoreException e) {
            throw new IllegalStateException("Cannot open the embedded MongoDB data file " + file
                    + " (is another Herald instance using it?): " + e.getMessage(), e);
        }
    }
}
