package dev.herald.adapter.file;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: by hand, {@code java -cp <test classpath> dev.herald.adapter.file.FileEventStoreBenchmark
 * [threads] [batch] [seconds]}. Appenders on one job; prints events/s and process CPU per event.
 */
public final class FileEventStoreBenchmark {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String fsync = args.length > 3 ? args[3] : "never";
        Path dir = Files.createTempDirectory("herald-log-bench");
        String payload = "{\"progress\":0.5,\"message\":\"chapter 3 of 12 rendered\",\"step\":\"render\"}";
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            events.add(new NewEvent(EventType.of("generation.progress"), payload));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (FileEventStore store = FileEventStore.open(dir, FsyncPolicy.parse(fsync),
                FileEventStore.DEFAULT_SEGMENT_BYTES)) {
            JobId job = JobId.of("bench");
            for (int round = 0; round < 2; round++) {
                AtomicLong stored = new AtomicLong();
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<Thread> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread thread = new Thread(() -> {
                        while (System.nanoTime() < deadline) {
                            store.appendAll(job, events, Instant.now(), Optional.empty(), e -> { });
                            stored.addAndGet(events.size());
                        }
                    });
                    thread.start();
                    running.add(thread);
                }
                for (Thread thread : running) {
                    thread.join();
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
                System.out.printf("%s: %d threads, batch %d, fsync %s: %.0f events/s, %.4f ms CPU per event, "
                                + "%.4f ms per append%n", round == 0 ? "warm-up" : "measured", threads, batch, fsync,
                        stored.get() / wall, cpuMs / stored.get(), cpuMs / (stored.get() / (double) batch));
            }
            long t0 = System.nanoTime();
            int read = store.readAfter(job, 0, 100_000).size();
            System.out.printf("read %d events in %.1f ms%n", read, (System.nanoTime() - t0) / 1e6);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
