package dev.herald.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import java.util.concurrent.TimeUnit;

/**
 * Builds the MongoDB client and the event store from {@link MongoSettings}. Bootstrap owns the
 * client's life: it closes the client (which ends the store) at shutdown.
 */
public final class MongoEventStoreFactory {

    private MongoEventStoreFactory() {
    }

    /**
     * A client whose every operation fails within the configured timeouts when no server answers.
     * Timeout options written in the URI itself ({@code connectTimeoutMS}, {@code serverSelectionTimeoutMS},
     * {@code socketTimeoutMS}, {@code waitQueueTimeoutMS}) win over the settings. Connecting is lazy:
     * this never blocks and succeeds even when the database is down.
     */
    public static MongoClient newClient(MongoSettings settings) {
        ConnectionString uri = settings.connectionString();
        long connectMs = settings.connectTimeout().toMillis();
        long selectionMs = settings.serverSelectionTimeout().toMillis();
        long socketMs = settings.socketTimeout().toMillis();
        MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(uri);
        if (uri.getApplicationName() == null) {
            builder.applicationName("herald");
        }
        builder.applyToSocketSettings(socket -> {
            if (uri.getConnectTimeout() == null) {
                socket.connectTimeout((int) connectMs, TimeUnit.MILLISECONDS);
            }
            if (uri.getSocketTimeout() == null) {
                socket.readTimeout((int) socketMs, TimeUnit.MILLISECONDS);
            }
        });
        builder.applyToClusterSettings(cluster -> {
            if (uri.getServerSelectionTimeout() == null) {
                cluster.serverSelectionTimeout(selectionMs, TimeUnit.MILLISECONDS);
            }
        });
        // the driver's default is to wait 2 minutes for a pooled connection: far past any caller's patience
        builder.applyToConnectionPoolSettings(pool -> {
            if (uri.getMaxWaitTime() == null) {
                pool.maxWaitTime(socketMs, TimeUnit.MILLISECONDS);
            }
        });
        return MongoClients.create(builder.build());
    }

    /** The store on the settings' database; creates the unique index now, or on first use if unreachable. */
    public static MongoEventStore newStore(MongoClient client, MongoSettings settings) {
        return new MongoEventStore(client, settings.database(), OpenBatches.staleAfter(settings.socketTimeout()));
    }
}
