package dev.herald.application.service.publishing;

import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.testing.Concurrently;
import dev.herald.application.testing.ManualClock;
import dev.herald.application.testing.ManualTaskScheduler;
import dev.herald.application.testing.TestEventStore;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedForwardingTest {

    private static final JobId JOB = JobId.of("book-1");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final ManualTaskScheduler tasks = new ManualTaskScheduler(new ManualClock(T0));
    private final List<Long> forwarded = Collections.synchronizedList(new ArrayList<>());

    private static JobEvent event(long seq) {
        return new JobEvent(JOB, seq, EventType.of("step"), T0, "{}");
    }

    private OrderedForwarding forwardingTo(Consumer<List<JobEvent>> forward, TaskScheduler scheduler) {
        return new OrderedForwarding(forward, scheduler);
    }

    private OrderedForwarding recording() {
        return forwardingTo(batch -> batch.forEach(e -> forwarded.add(e.seq())), tasks);
    }

    /** Records each batch, then runs (once) what the test put in {@code duringNextBatch}. */
    private OrderedForwarding recordingThenRunning(List<Runnable> duringNextBatch) {
        return forwardingTo(batch -> {
            batch.forEach(e -> forwarded.add(e.seq()));
            List<Runnable> now = List.copyOf(duringNextBatch);
            duringNextBatch.clear();
            now.forEach(Runnable::run);
        }, tasks);
    }

    @Test
    void aLonePublisherForwardsItsOwnEventAndLeavesNothingBehind() {
        OrderedForwarding forwarding = recording();
        forwarding.stored(event(1));
        forwarding.forwardThrough(JOB, 1);
        assertThat(forwarded).containsExactly(1L);
        assertThat(forwarding.activeJobs()).isZero();
        assertThat(tasks.hasPending()).isFalse();
    }

    @Test
    void publishersThatWokeInTheWrongOrderStillForwardInSeqOrder() {
        OrderedForwarding forwarding = recording();
        // one store write completed 1, 2 and 3; the publisher of 3 runs first
        forwarding.stored(event(1));
        forwarding.stored(event(2));
        forwarding.stored(event(3));
        forwarding.forwardThrough(JOB, 3);
        forwarding.forwardThrough(JOB, 1);
        forwarding.forwardThrough(JOB, 2);
        assertThat(forwarded).containsExactly(1L, 2L, 3L);
        assertThat(forwarding.activeJobs()).isZero();
    }

    @Test
    void whileOneThreadForwardsTheOthersReturnAndItTakesTheirEventsToo() {
        List<Runnable> duringFirstBatch = new ArrayList<>();
        OrderedForwarding forwarding = recordingThenRunning(duringFirstBatch);
        forwarding.stored(event(1));
        duringFirstBatch.add(() -> {
            // another publisher's event is stored while 1 is being forwarded: it returns at once
            forwarding.stored(event(2));
            forwarding.forwardThrough(JOB, 2);
            assertThat(forwarded).containsExactly(1L);
        });
        forwarding.forwardThrough(JOB, 1);
        // the first publisher's own event was done, so event 2 went to a task, not to its thread
        assertThat(forwarded).containsExactly(1L);
        assertThat(tasks.runAll()).isEqualTo(1);
        assertThat(forwarded).containsExactly(1L, 2L);
        assertThat(forwarding.activeJobs()).isZero();
    }

    @Test
    void aForwarderWhoseEventIsStillQueuedGoesOnUntilItIsForwarded() {
        List<Runnable> duringFirstBatch = new ArrayList<>();
        OrderedForwarding forwarding = recordingThenRunning(duringFirstBatch);
        forwarding.stored(event(1));
        duringFirstBatch.add(() -> forwarding.stored(event(2)));
        // the publisher of 2 took the lane before its own event was queued behind 1's batch
        forwarding.forwardThrough(JOB, 2);
        assertThat(forwarded).containsExactly(1L, 2L);
        assertThat(tasks.hasPending()).isFalse();
    }

    @Test
    void aForwardThatThrowsDoesNotStopTheJobsLaterEvents() {
        OrderedForwarding forwarding = forwardingTo(batch -> {
            if (batch.get(0).seq() == 1) {
                throw new IllegalStateException("bus broke");
            }
            batch.forEach(e -> forwarded.add(e.seq()));
        }, tasks);
        forwarding.stored(event(1));
        forwarding.forwardThrough(JOB, 1);
        forwarding.stored(event(2));
        forwarding.forwardThrough(JOB, 2);
        assertThat(forwarded).containsExactly(2L);
        assertThat(forwarding.activeJobs()).isZero();
    }

    @Test
    void manyConcurrentPublishersReachTheBusInSeqOrder() throws Exception {
        TestEventStore store = new TestEventStore();
        ExecutorService handOffs = Executors.newSingleThreadExecutor();
        TaskScheduler realTasks = new TaskScheduler() {
            @Override
            public void execute(Runnable task) {
                handOffs.execute(task);
            }

            @Override
            public void schedule(Runnable task, java.time.Duration delay) {
                throw new UnsupportedOperationException();
            }
        };
        OrderedForwarding forwarding = forwardingTo(batch -> batch.forEach(e -> forwarded.add(e.seq())), realTasks);
        int threads = 8;
        int perThread = 200;
        try {
            Concurrently.run(threads, () -> {
                for (int i = 0; i < perThread; i++) {
                    JobEvent stored = store.append(JOB, EventType.of("step"), "{}", T0, forwarding::stored);
                    forwarding.forwardThrough(JOB, stored.seq());
                }
            });
            handOffs.shutdown();
            assertThat(handOffs.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            handOffs.shutdownNow();
        }
        assertThat(forwarded).containsExactlyElementsOf(
                LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
        assertThat(forwarding.activeJobs()).isZero();
    }
}
