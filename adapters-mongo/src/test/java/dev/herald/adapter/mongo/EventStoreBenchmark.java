package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints how fast the store is on the embedded server (mongo-java-server, H2 file) holding 20 000
 * events: appends, head and snapshot reads, and a 10 000-event catch-up page by page. Not a test
 * (no assertion, takes a minute); uses only the public API, so the same file measures any version:
 *
 * <pre>
 * ./mvnw -B -q -pl adapters-mongo test-compile
 * ./mvnw -B -q -pl adapters-mongo dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Djava.util.logging.config.file=adapters-mongo/src/test/resources/logging.properties \
 *      -cp adapters-mongo/target/test-classes:adapters-mongo/target/classes:$(cat /tmp/cp.txt) \
 *      dev.herald.adapter.mongo.EventStoreBenchmark
 * </pre>
 */
public final class EventStoreBenchmark {

    private static final int FILL_JOBS = 10;
    private static final int EVENTS_PER_FILL_JOB = 1_000;
    private static final int CATCH_UP_EVENTS = 10_000;
    private static final EventType STEP = EventType.of("step");
    /** A typical small progress event. */
    private static final String PAYLOAD = "{\"progress\":0.42,\"message\":\"" + "x".repeat(160) + "\"}";
    /** Each measurement stops after this long, so that a slow version still finishes. */
    private static final long BUDGET_NANOS = 10_000_000_000L;

    private EventStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("herald-store-benchmark");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory)) {
            MongoSettings settings = MongoSettings.of(server.connectionUri());
            try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
                run(client, settings);
            }
        } finally {
            TestFiles.deleteRecursively(directory);
        }
    }

    private static void run(MongoClient client, MongoSettings settings) {
        MongoEventStore store = MongoEventStoreFactory.newStore(client, settings);
        List<JobId> jobs = new ArrayList<>();
        for (int j = 0; j < FILL_JOBS; j++) {
            jobs.add(JobId.of("bench-job-" + j));
        }
        JobId catchUpJob = JobId.of("bench-catch-up");

        long started = System.nanoTime();
        for (int i = 0; i < EVENTS_PER_FILL_JOB; i++) {
            for (JobId job : jobs) {
                store.append(job, STEP, PAYLOAD, Instant.now());
            }
        }
        for (int i = 0; i < CATCH_UP_EVENTS; i++) {
            store.append(catchUpJob, STEP, PAYLOAD, Instant.now());
        }
        int stored = FILL_JOBS * EVENTS_PER_FILL_JOB + CATCH_UP_EVENTS;
        report("fill: " + stored + " appends (10 jobs round robin, then one job)", stored, System.nanoTime() - started);

        JobId busy = jobs.get(0);
        measure("append, same instance, one job (store holds 20 000)", 2_000,
                () -> store.append(busy, STEP, PAYLOAD, Instant.now()));
        int[] next = {0};
        measure("append, same instance, 10 jobs round robin", 2_000,
                () -> store.append(jobs.get(next[0]++ % FILL_JOBS), STEP, PAYLOAD, Instant.now()));
        MongoEventStore peer = MongoEventStoreFactory.newStore(client, settings);
        JobId shared = jobs.get(1);
        measure("append, two instances alternating on one job (2 gateways)", 2_000,
                () -> (next[0]++ % 2 == 0 ? store : peer).append(shared, STEP, PAYLOAD, Instant.now()));
        measure("append by a fresh store instance (first after a restart)", 200,
                () -> MongoEventStoreFactory.newStore(client, settings).append(jobs.get(next[0]++ % FILL_JOBS), STEP,
                        PAYLOAD, Instant.now()));
        measure("append to a new job", 500,
                () -> store.append(JobId.of("bench-new-" + next[0]++), STEP, PAYLOAD, Instant.now()));
        measure("headSeq", 2_000, () -> store.headSeq(jobs.get(next[0]++ % FILL_JOBS)));
        measure("headSeqs of 11 jobs", 500, () -> store.headSeqs(withCatchUp(jobs, catchUpJob)));
        measure("facts", 2_000, () -> store.facts(jobs.get(next[0]++ % FILL_JOBS)));
        measure("readAfter at the head (live subscriber, page 500, empty)", 2_000,
                () -> store.readAfter(catchUpJob, CATCH_UP_EVENTS, 500));
        catchUp(store, catchUpJob, 500);
        catchUp(store, catchUpJob, 1_000);
    }

    private static List<JobId> withCatchUp(List<JobId> jobs, JobId catchUpJob) {
        List<JobId> all = new ArrayList<>(jobs);
        all.add(catchUpJob);
        return all;
    }

    private static void catchUp(MongoEventStore store, JobId job, int pageSize) {
        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            long afterSeq = 0;
            int pages = 0;
            while (true) {
                List<JobEvent> page = store.readAfter(job, afterSeq, pageSize);
                if (page.isEmpty()) {
                    break;
                }
                pages++;
                afterSeq = page.get(page.size() - 1).seq();
            }
            long elapsed = System.nanoTime() - started;
            System.out.printf(Locale.ROOT, "catch-up of %d events in %d pages of %d (round %d): %.0f ms%n", afterSeq,
                    pages, pageSize, round + 1, elapsed / 1e6);
        }
    }

    private static void measure(String what, int times, Runnable operation) {
        long started = System.nanoTime();
        int done = 0;
        while (done < times && System.nanoTime() - started < BUDGET_NANOS) {
            operation.run();
            done++;
        }
        report(what, done, System.nanoTime() - started);
    }

    private static void report(String what, int done, long nanos) {
        System.out.printf(Locale.ROOT, "%-62s %6d ops  %8.2f ms/op  %8.0f ops/s%n", what, done, nanos / 1e6 / done,
                done / (nanos / 1e9));
    }
}
