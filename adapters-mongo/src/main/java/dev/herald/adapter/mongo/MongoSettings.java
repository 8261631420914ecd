package dev.herald.adapter.mongo;

import com.mongodb.ConnectionString;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the MongoDB event store. Bootstrap maps configuration onto this record
 * ({@code herald.mongo.uri} / {@code MONGODB_URI} and friends); a malformed URI fails here, at start.
 *
 * @param uri                    the connection string; may carry credentials, so it is never logged as is
 * @param database               database holding the {@code job_events} collection
 * @param connectTimeout         TCP connect timeout
 * @param serverSelectionTimeout how long an operation waits for a reachable server: the bound on how
 *                               fast calls fail during an outage
 * @param socketTimeout          how long an operation waits for a reply on an open connection
 */
public record MongoSettings(String uri, String database, Duration connectTimeout, Duration serverSelectionTimeout,
                            Duration socketTimeout) {

    public static final String DEFAULT_DATABASE = "herald";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);

    public MongoSettings {
        MongoUris.parse(uri);
        uri = uri.strip();
        requireValidDatabaseName(database);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(serverSelectionTimeout, "serverSelectionTimeout");
        requirePositive(socketTimeout, "socketTimeout");
    }

    /**
     * Settings with default timeouts; the database is the one named in the URI's path, else
     * {@value #DEFAULT_DATABASE}.
     */
    public static MongoSettings of(String uri) {
        ConnectionString parsed = MongoUris.parse(uri);
        String database = parsed.getDatabase() == null ? DEFAULT_DATABASE : parsed.getDatabase();
        return new MongoSettings(uri, database, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SERVER_SELECTION_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT);
    }

    public MongoSettings withDatabase(String newDatabase) {
        return new MongoSettings(uri, newDatabase, connectTimeout, serverSelectionTimeout, socketTimeout);
    }

    public MongoSettings withTimeouts(Duration newConnectTimeout, Duration newServerSelectionTimeout,
                                      Duration newSocketTimeout) {
        return new MongoSettings(uri, database, newConnectTimeout, newServerSelectionTimeout, newSocketTimeout);
    }

    /** The URI with its password masked: the only form of it fit for logs and messages. */
    public String redactedUri() {
        return MongoUris.redact(uri);
    }

    ConnectionString connectionString() {
        return MongoUris.parse(uri);
    }

    @Override
    public String toString() {
        return "MongoSettings[uri=" + redactedUri() + ", database=" + database + ", connectTimeout=" + connectTimeout
                + ", serverSelectionTimeout=" + serverSelectionTimeout + ", socketTimeout=" + socketTimeout + "]";
    }

    private static void requireValidDatabaseName(String database) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("The MongoDB database name (herald.mongo.database) is empty");
        }
        // MongoDB's own rule for database names on every platform
        for (char c : "/\\. \"$\0".toCharArray()) {
            if (database.indexOf(c) >= 0) {
                throw new IllegalArgumentException("The MongoDB database name '" + database
                        + "' may not contain any of / \\ . space \" $");
            }
        }
        if (database.length() > 63) {
            throw new IllegalArgumentException("The MongoDB database name is longer than 63 characters");
        }
    }

    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("MongoDB " + name + " must be positive, got " + timeout);
        }
    }
}
