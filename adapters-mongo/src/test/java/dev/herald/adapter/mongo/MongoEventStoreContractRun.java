package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The event store contract over the real driver and the wire protocol, against one server per test
 * class. The peer store has its own client, as a second gateway instance would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MongoEventStoreContractRun extends EventStoreContract {

    private MongoClient client;
    private MongoClient peerClient;
    private EventStore store;
    private EventStore peer;

    /** Starts the server and returns its connection URI. */
    protected abstract String startServer() throws Exception;

    protected abstract void stopServer() throws Exception;

    @BeforeAll
    void connect() throws Exception {
        MongoSettings settings = MongoSettings.of(startServer());
        client = MongoEventStoreFactory.newClient(settings);
        peerClient = MongoEventStoreFactory.newClient(settings);
        store = decorate(MongoEventStoreFactory.newStore(client, settings));
        peer = decorate(MongoEventStoreFactory.newStore(peerClient, settings));
    }

    /** What each instance puts in front of its store (the gateway's cache); nothing by default. */
    protected EventStore decorate(MongoEventStore store) {
        return store;
    }

    @AfterAll
    void disconnect() throws Exception {
        if (client != null) {
            client.close();
        }
        if (peerClient != null) {
            peerClient.close();
        }
        stopServer();
    }

    @Override
    protected EventStore store() {
        return store;
    }

    @Override
    protected EventStore peerStore() {
        return peer;
    }
}
