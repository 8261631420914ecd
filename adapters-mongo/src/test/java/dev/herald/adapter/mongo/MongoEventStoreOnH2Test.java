package dev.herald.adapter.mongo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The contract against the embedded default: mongo-java-server with its H2 file backend. */
class MongoEventStoreOnH2Test extends MongoEventStoreContractRun {

    private Path dataDirectory;
    private EmbeddedMongoServer server;

    @Override
    protected String startServer() throws Exception {
        dataDirectory = Files.createTempDirectory("herald-mongo-h2");
        server = EmbeddedMongoServer.start(dataDirectory);
        return server.connectionUri();
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        TestFiles.deleteRecursively(dataDirectory);
    }
}
