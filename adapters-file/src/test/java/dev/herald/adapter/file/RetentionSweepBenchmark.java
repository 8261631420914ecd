package dev.herald.adapter.file;

import dev.herald.application.service.operations.RetentionSweepLoad;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: publish latency with and without a retention sweep running, on the file store
 * ({@link RetentionSweepLoad}). By hand: {@code java -cp <test classpath> dev.herald.adapter.file.RetentionSweepBenchmark}.
 */
public final class RetentionSweepBenchmark {

    private RetentionSweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("herald-retention-bench");
        try (FileEventStore store = FileEventStore.open(dir)) {
            RetentionSweepLoad.run(store, "file store");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
