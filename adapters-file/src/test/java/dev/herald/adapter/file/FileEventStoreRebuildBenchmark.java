package dev.herald.adapter.file;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Not a test: by hand, {@code java -cp <test classpath> dev.herald.adapter.file.FileEventStoreRebuildBenchmark
 * [events] [jobs]}. Writes single-event records round robin over the jobs, reopens, prints how long
 * the scan took and the heap the index holds.
 */
public final class FileEventStoreRebuildBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int jobCount = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("herald-log-rebuild");
        JobId[] jobs = new JobId[jobCount];
        for (int j = 0; j < jobCount; j++) {
            jobs[j] = JobId.of("job-" + j);
        }
        List<NewEvent> event = List.of(new NewEvent(EventType.of("generation.progress"),
                "{\"progress\":0.5,\"message\":\"chapter 3 of 12 rendered\",\"step\":\"render\"}"));
        try {
            try (FileEventStore store = FileEventStore.open(dir)) {
                for (int i = 0; i < events; i++) {
                    store.appendAll(jobs[i % jobCount], event, Instant.now(), Optional.empty(), e -> { });
                }
            }
            long bytes;
            try (var files = Files.list(dir)) {
                bytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            for (int round = 0; round < 2; round++) {
                System.gc();
                long heap0 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                long t0 = System.nanoTime();
                FileEventStore store = FileEventStore.open(dir);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.gc();
                long heap1 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.printf("%d events, %d jobs, %d MB of segments: reopened in %d ms, index heap ~%d MB "
                                + "(%.1f bytes per event)%n", events, jobCount, bytes >> 20, ms, (heap1 - heap0) >> 20,
                        (heap1 - heap0) / (double) events);
                store.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
