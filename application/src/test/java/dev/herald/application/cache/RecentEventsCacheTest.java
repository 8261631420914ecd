package dev.herald.application.cache;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.testing.TestEventStore;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

class RecentEventsCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = JobId.of("job-1");

    private final TestEventStore backend = new TestEventStore();

    private static JobEvent append(RecentEventsCache cache, JobId job) {
        return cache.append(job, EventType.of("step"), "{\"p\":1}", T0);
    }

    private static List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void aCatchUpOfRecentAppendsIsServedFromMemory() {
        RecentEventsCache cache = new RecentEventsCache(backend, 1_000, 1 << 20);
        for (int i = 0; i < 120; i++) {
            append(cache, JOB);
        }

        assertThat(seqs(cache.readAfter(JOB, 0, 50))).isEqualTo(range(1, 50));
        assertThat(seqs(cache.readAfter(JOB, 50, 50))).isEqualTo(range(51, 100));
        assertThat(backend.reads()).isZero();
        assertThat(cache.hits()).isEqualTo(100);

        // past the last cached seq the cache cannot know whether another instance appended: it asks
        assertThat(seqs(cache.readAfter(JOB, 100, 50))).isEqualTo(range(101, 120));
        assertThat(backend.reads()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void eventsAnotherInstanceAppendedAreReadFromTheStoreThenKept() {
        RecentEventsCache here = new RecentEventsCache(backend, 1_000, 1 << 20);
        RecentEventsCache there = new RecentEventsCache(backend, 1_000, 1 << 20);
        append(here, JOB);
        append(here, JOB);
        append(there, JOB);
        append(there, JOB);
        append(here, JOB);

        assertThat(seqs(here.readAfter(JOB, 0, 10))).isEqualTo(range(1, 5));
        assertThat(backend.reads()).isEqualTo(1); // from seq 3, the first one it had not seen

        assertThat(seqs(here.readAfter(JOB, 0, 5))).isEqualTo(range(1, 5));
        assertThat(backend.reads()).isEqualTo(1);
    }

    @Test
    void aJobKeepsOnlyItsLatestEvents() {
        RecentEventsCache cache = new RecentEventsCache(backend, 10, 1 << 20);
        for (int i = 0; i < 25; i++) {
            append(cache, JOB);
        }

        assertThat(seqs(cache.readAfter(JOB, 15, 10))).isEqualTo(range(16, 25));
        assertThat(backend.reads()).isZero();

        assertThat(seqs(cache.readAfter(JOB, 0, 100))).isEqualTo(range(1, 25));
        assertThat(backend.reads()).isEqualTo(1);
        // an old page read from the store does not push the latest events out
        assertThat(seqs(cache.readAfter(JOB, 15, 10))).isEqualTo(range(16, 25));
        assertThat(backend.reads()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedJobsGoWhenTheBytesRunOut() {
        long oneEvent = RecentEventsCache.estimatedBytes(new JobEvent(JOB, 1, EventType.of("step"), T0, "{\"p\":1}"));
        RecentEventsCache cache = new RecentEventsCache(backend, 100, 10 * oneEvent);
        JobId a = JobId.of("job-a");
        JobId b = JobId.of("job-b");
        JobId c = JobId.of("job-c");
        for (int i = 0; i < 4; i++) {
            append(cache, a);
            append(cache, b);
        }
        cache.readAfter(a, 0, 4); // a is now the most recently used
        int readsBefore = backend.reads();
        for (int i = 0; i < 4; i++) {
            append(cache, c);
        }

        assertThat(cache.bytes()).isLessThanOrEqualTo(10 * oneEvent);
        assertThat(cache.jobs()).isEqualTo(2);
        assertThat(seqs(cache.readAfter(a, 0, 4))).isEqualTo(range(1, 4));
        assertThat(seqs(cache.readAfter(c, 0, 4))).isEqualTo(range(1, 4));
        assertThat(backend.reads()).isEqualTo(readsBefore);
        assertThat(seqs(cache.readAfter(b, 0, 4))).isEqualTo(range(1, 4));
        assertThat(backend.reads()).isEqualTo(readsBefore + 1);
    }

    @Test
    void aStoreOutageReachesTheCallerAndNothingIsCached() {
        RecentEventsCache cache = new RecentEventsCache(backend, 100, 1 << 20);
        append(cache, JOB);
        backend.setAvailable(false);

        assertThatThrownBy(() -> append(cache, JOB)).isInstanceOf(EventStoreUnavailableException.class);
        assertThatThrownBy(() -> cache.readAfter(JOB, 0, 10)).isInstanceOf(EventStoreUnavailableException.class);
        assertThatThrownBy(() -> cache.headSeq(JOB)).isInstanceOf(EventStoreUnavailableException.class);
        assertThat(cache.readAfter(JOB, 0, 1)).hasSize(1); // what is cached still serves a full page

        backend.setAvailable(true);
        assertThat(seqs(cache.readAfter(JOB, 0, 10))).containsExactly(1L);
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new RecentEventsCache(backend, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentEventsCache(backend, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The guarantee as a property: whatever two instances append and read, in whatever order, and
     * however small the bounds, every read through a cache answers exactly what the store answers.
     */
    @Test
    void everyReadAnswersWhatTheStoreAnswers() {
        qt().withExamples(300)
                .forAll(integers().between(1, 12), integers().between(1, 40), longs().all())
                .checkAssert((perJob, budgetEvents, seed) -> {
                    TestEventStore store = new TestEventStore();
                    long oneEvent = RecentEventsCache.estimatedBytes(
                            new JobEvent(JOB, 1, EventType.of("step"), T0, "{\"p\":1}"));
                    List<RecentEventsCache> instances = List.of(
                            new RecentEventsCache(store, perJob, budgetEvents * oneEvent),
                            new RecentEventsCache(store, perJob, budgetEvents * oneEvent));
                    List<JobId> jobs = List.of(JobId.of("j1"), JobId.of("j2"), JobId.of("j3"));
                    Random random = new Random(seed);
                    for (int step = 0; step < 200; step++) {
                        RecentEventsCache cache = instances.get(random.nextInt(2));
                        JobId job = jobs.get(random.nextInt(jobs.size()));
                        if (random.nextInt(3) == 0) {
                            append(cache, job);
                        } else {
                            long head = store.headSeq(job);
                            long after = head == 0 ? 0 : random.nextLong(head + 2);
                            int limit = 1 + random.nextInt(15);
                            assertThat(cache.readAfter(job, after, limit)).isEqualTo(store.readAfter(job, after, limit));
                        }
                    }
                });
    }
}
