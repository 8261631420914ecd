package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** The contract against mongo-java-server's in-memory backend. */
class MongoEventStoreTest extends MongoEventStoreContractRun {

    private MongoServer server;

    @Override
    protected String startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        return server.getConnectionString();
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
