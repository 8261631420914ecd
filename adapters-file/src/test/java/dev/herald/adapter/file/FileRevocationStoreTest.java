package dev.herald.adapter.file;

import dev.herald.application.port.out.RevocationStore;
import dev.herald.application.port.out.RevocationStoreContract;
import dev.herald.domain.operator.Revocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** The revocation store contract on a real directory; reopened reads the file again. */
class FileRevocationStoreTest extends RevocationStoreContract {

    @TempDir
    Path directory;
    private FileRevocationStore store;

    @Override
    protected RevocationStore store() {
        if (store == null) {
            store = FileRevocationStore.open(directory);
        }
        return store;
    }

    @Override
    protected RevocationStore reopened() {
        return FileRevocationStore.open(directory);
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Test
    void aTornLastLineIsSkippedAndTheRestKept() throws IOException {
        store().record(new Revocation("dave", T0));
        Files.writeString(directory.resolve(FileRevocationStore.FILE_NAME), "17677", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(reopened().all()).containsExactly(new Revocation("dave", T0));
    }
}
