package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.port.out.RevocationStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The revocation store contract against the embedded MongoDB with its H2 file, through the real
 * driver; reopened means a new server on the same file (a restarted instance).
 */
class MongoRevocationStoreTest extends RevocationStoreContract {

    private static Path dataDirectory;
    private static EmbeddedMongoServer server;
    private static MongoClient client;

    @BeforeAll
    static void startServer() throws Exception {
        dataDirectory = Files.createTempDirectory("herald-revocations");
        open();
    }

    private static void open() {
        server = EmbeddedMongoServer.start(dataDirectory);
        client = MongoEventStoreFactory.newClient(MongoSettings.of(server.connectionUri()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
        TestFiles.deleteRecursively(dataDirectory);
    }

    @Override
    protected RevocationStore store() {
        return new MongoRevocationStore(client, "herald");
    }

    @Override
    protected RevocationStore reopened() {
        client.close();
        server.close();
        open();
        return store();
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
