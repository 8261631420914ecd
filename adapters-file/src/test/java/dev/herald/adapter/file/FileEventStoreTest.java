package dev.herald.adapter.file;

import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.EventStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The port's contract on a fresh log per test; one process, so the peer is the same store. */
class FileEventStoreTest extends EventStoreContract {

    @TempDir
    Path directory;

    private FileEventStore store;

    @BeforeEach
    void openStore() {
        store = FileEventStore.open(directory);
    }

    @Override
    protected EventStore store() {
        return store;
    }

    /** Closed and opened again on the same directory: the index and the floors are rebuilt from the files. */
    @Override
    protected EventStore restarted() {
        store.close();
        store = FileEventStore.open(directory);
        return store;
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
