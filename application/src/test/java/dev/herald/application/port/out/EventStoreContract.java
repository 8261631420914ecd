package dev.herald.application.port.out;

import dev.herald.application.testing.Concurrently;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.IdempotencyKey;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobFacts;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.Sender;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link EventStore} adapter must do. Each adapter's test extends this and supplies
 * the store; job ids are unique per test, so the backend need not be emptied between tests.
 */
public abstract class EventStoreContract {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    /** The store under test. May be called several times in one test: return the same instance. */
    protected abstract EventStore store();

    /** A second store instance on the same backend (a second gateway). Defaults to the same one. */
    protected EventStore peerStore() {
        return store();
    }

    /**
     * The store as a restarted gateway finds it (same backend, nothing in memory). Defaults to
     * {@link #peerStore()}; a store that keeps state in its process reopens itself. After this,
     * {@link #store()} may be the reopened one.
     */
    protected EventStore restarted() {
        return peerStore();
    }

    protected static JobId newJob() {
        return JobId.of("job-" + UUID.randomUUID());
    }

    private JobEvent append(JobId job, String type, String payload, Instant at) {
        return store().append(job, EventType.of(type), payload, at);
    }

    private List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }

    @Test
    void appendsAssignContiguousSeqsFromOne() {
        JobId job = newJob();
        for (int i = 1; i <= 5; i++) {
            JobEvent stored = append(job, "step", "{\"i\":" + i + "}", T0.plusMillis(i));
            assertThat(stored.seq()).isEqualTo(i);
            assertThat(stored.jobId()).isEqualTo(job);
        }
        assertThat(store().headSeq(job)).isEqualTo(5);
    }

    @Test
    void jobsHaveIndependentSequences() {
        JobId a = newJob();
        JobId b = newJob();
        append(a, "step", "1", T0);
        append(a, "step", "2", T0);
        assertThat(append(b, "step", "1", T0).seq()).isEqualTo(1);
        assertThat(store().headSeq(a)).isEqualTo(2);
        assertThat(store().headSeq(b)).isEqualTo(1);
    }

    @Test
    void readsAfterASeqInAscendingOrderWithALimit() {
        JobId job = newJob();
        for (int i = 1; i <= 10; i++) {
            append(job, "step", String.valueOf(i), T0);
        }
        assertThat(seqs(store().readAfter(job, 0, 100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(seqs(store().readAfter(job, 3, 4))).containsExactly(4L, 5L, 6L, 7L);
        assertThat(seqs(store().readAfter(job, 9, 4))).containsExactly(10L);
        assertThat(store().readAfter(job, 10, 4)).isEmpty();
        assertThat(store().readAfter(job, 25, 4)).isEmpty();
    }

    @Test
    void anUnknownJobHasNothing() {
        JobId job = newJob();
        assertThat(store().readAfter(job, 0, 10)).isEmpty();
        assertThat(store().headSeq(job)).isZero();
        assertThat(store().facts(job)).isEmpty();
    }

    @Test
    void headSeqsOfManyJobsAtOnce() {
        JobId a = newJob();
        JobId b = newJob();
        JobId none = newJob();
        append(a, "step", "1", T0);
        append(b, "step", "1", T0);
        append(b, "step", "2", T0);
        Map<JobId, Long> heads = store().headSeqs(Set.of(a, b, none));
        assertThat(heads).containsEntry(a, 1L).containsEntry(b, 2L);
        assertThat(heads.getOrDefault(none, 0L)).isZero();
    }

    @Test
    void factsDescribeTheFirstAndLastEvents() {
        JobId job = newJob();
        append(job, "job.started", "{}", T0);
        append(job, "job.progress", "{\"progress\":0.5}", T0.plusSeconds(5));
        append(job, "job.completed", "{}", T0.plusSeconds(9));
        JobFacts facts = store().facts(job).orElseThrow();
        assertThat(facts.jobId()).isEqualTo(job);
        assertThat(facts.headSeq()).isEqualTo(3);
        assertThat(facts.eventCount()).isEqualTo(3);
        assertThat(facts.firstEventAt()).isEqualTo(T0);
        assertThat(facts.lastEventAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(facts.lastEventType()).isEqualTo(EventType.of("job.completed"));
    }

    @Test
    void storedEventsReadBackExactly() {
        JobId job = newJob();
        List<String> payloads = List.of(
                "{\"title\":\"Chapitre 1 — l'été\",\"emoji\":\"\uD83D\uDCDA\",\"nested\":{\"a\":[1,2.5,null,true]}}",
                "\"just a string\"", "42", "null", "[]", "{\"quote\":\"a \\\"b\\\" c\",\"nl\":\"x\\ny\"}");
        for (String payload : payloads) {
            append(job, "generation.chapter.started", payload, T0.plusMillis(payloads.indexOf(payload)));
        }
        List<JobEvent> read = store().readAfter(job, 0, 100);
        assertThat(read).hasSize(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            JobEvent event = read.get(i);
            assertThat(event.payload()).isEqualTo(payloads.get(i));
            assertThat(event.eventType()).isEqualTo(EventType.of("generation.chapter.started"));
            assertThat(event.occurredAt()).isEqualTo(T0.plusMillis(i).truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void concurrentAppendsToOneJobStayContiguousAndReadersNeverSeeAHole() throws Exception {
        JobId job = newJob();
        int threads = 6;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> readerViolations = new ConcurrentLinkedQueue<>();
        List<Future<List<Long>>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                EventStore target = t % 2 == 0 ? store() : peerStore();
                int writer = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(target.append(job, EventType.of("step"), "{\"w\":" + writer + "}", T0).seq());
                    }
                    return mine;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    List<JobEvent> read = store().readAfter(job, 0, threads * perThread);
                    for (int i = 0; i < read.size(); i++) {
                        if (read.get(i).seq() != i + 1) {
                            readerViolations.add("position " + i + " held seq " + read.get(i).seq());
                        }
                    }
                }
                return null;
            });
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> w : writers) {
                all.addAll(w.get(60, TimeUnit.SECONDS));
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);

            Collections.sort(all);
            assertThat(all).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
            assertThat(seqs(store().readAfter(job, 0, threads * perThread + 10)))
                    .containsExactlyElementsOf(all);
            assertThat(readerViolations).as("holes seen by a concurrent reader").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAppendersHearOfTheirEventsOneAtATimeInSeqOrderBeforeTheyReturn() throws Exception {
        JobId job = newJob();
        int threads = 8;
        int perThread = 30;
        List<Long> heard = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        Consumer<JobEvent> onStored = event -> {
            if (inside.incrementAndGet() != 1) {
                violations.add("two callbacks at once, one for seq " + event.seq());
            }
            heard.add(event.seq());
            Thread.yield();
            inside.decrementAndGet();
        };
        Concurrently.run(threads, () -> {
            for (int i = 0; i < perThread; i++) {
                JobEvent stored = store().append(job, EventType.of("step"), "{}", T0, onStored);
                if (!heard.contains(stored.seq())) {
                    violations.add("seq " + stored.seq() + " returned before its callback");
                }
            }
        });
        assertThat(violations).isEmpty();
        assertThat(heard).containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
    }

    @Test
    void aFailingCallbackDoesNotUndoTheAppend() {
        JobId job = newJob();
        JobEvent stored = store().append(job, EventType.of("step"), "{}", T0, event -> {
            throw new IllegalStateException("callback broke");
        });
        assertThat(stored.seq()).isEqualTo(1);
        assertThat(seqs(store().readAfter(job, 0, 10))).containsExactly(1L);
        assertThat(store().append(job, EventType.of("step"), "{}", T0).seq()).isEqualTo(2);
    }

    // ---- batches and idempotency keys

    private static List<NewEvent> batch(int count, String tag) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(EventType.of("batch.step"), "{\"tag\":\"" + tag + "\",\"i\":" + i + "}"));
        }
        return events;
    }

    private static Optional<IdempotencyClaim> claim(String key, String fingerprint) {
        return Optional.of(new IdempotencyClaim(IdempotencyKey.of(key), fingerprint, T0.minusSeconds(3600)));
    }

    @Test
    void aBatchTakesContiguousSeqsAndReportsEachEventInOrder() {
        JobId job = newJob();
        append(job, "first", "{}", T0);
        List<Long> heard = new ArrayList<>();
        AppendResult result = store().appendAll(job, batch(5, "b"), T0.plusMillis(1), Optional.empty(),
                event -> heard.add(event.seq()));
        assertThat(result.firstSeq()).isEqualTo(2);
        assertThat(result.lastSeq()).isEqualTo(6);
        assertThat(result.count()).isEqualTo(5);
        assertThat(result.replayed()).isFalse();
        assertThat(heard).containsExactly(2L, 3L, 4L, 5L, 6L);
        List<JobEvent> read = store().readAfter(job, 1, 100);
        assertThat(seqs(read)).containsExactly(2L, 3L, 4L, 5L, 6L);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).payload()).isEqualTo("{\"tag\":\"b\",\"i\":" + i + "}");
            assertThat(read.get(i).occurredAt()).isEqualTo(T0.plusMillis(1));
        }
        assertThat(store().headSeq(job)).isEqualTo(6);
        assertThat(store().facts(job).orElseThrow().eventCount()).isEqualTo(6);
        assertThat(append(job, "after", "{}", T0).seq()).isEqualTo(7);
    }

    @Test
    void aBatchOfAThousandIsStoredWhole() {
        JobId job = newJob();
        AppendResult result = store().appendAll(job, batch(1000, "big"), T0, Optional.empty(), event -> { });
        assertThat(result.lastSeq()).isEqualTo(1000);
        assertThat(seqs(store().readAfter(job, 990, 100))).containsExactlyElementsOf(
                LongStream.rangeClosed(991, 1000).boxed().toList());
        assertThat(store().headSeq(job)).isEqualTo(1000);
    }

    @Test
    void concurrentSingleAndBatchAppendersFromTwoInstancesKeepEveryBatchContiguous() throws Exception {
        JobId job = newJob();
        int threads = 6;
        int rounds = 12;
        int batchSize = 7;
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> batches = new ConcurrentLinkedQueue<>();
        AtomicInteger singles = new AtomicInteger();
        AtomicInteger writer = new AtomicInteger();
        Concurrently.run(threads, () -> {
            int me = writer.getAndIncrement();
            EventStore target = me % 2 == 0 ? store() : peerStore();
            for (int i = 0; i < rounds; i++) {
                if ((me + i) % 2 == 0) {
                    List<Long> heard = new ArrayList<>();
                    AppendResult result = target.appendAll(job, batch(batchSize, me + "-" + i), T0, Optional.empty(),
                            event -> heard.add(event.seq()));
                    if (result.count() != batchSize || !heard.equals(LongStream.rangeClosed(result.firstSeq(),
                            result.lastSeq()).boxed().toList())) {
                        violations.add("batch " + me + "-" + i + " got " + result + ", heard " + heard);
                    }
                    batches.add(new long[] {result.firstSeq(), result.lastSeq(), me, i});
                } else {
                    target.append(job, EventType.of("single"), "{}", T0);
                    singles.incrementAndGet();
                }
            }
        });
        assertThat(violations).isEmpty();
        long total = (long) batches.size() * batchSize + singles.get();
        List<JobEvent> all = store().readAfter(job, 0, (int) total + 10);
        assertThat(seqs(all)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        for (long[] b : batches) {
            for (long seq = b[0]; seq <= b[1]; seq++) {
                String expected = "{\"tag\":\"" + b[2] + "-" + b[3] + "\",\"i\":" + (seq - b[0]) + "}";
                assertThat(all.get((int) seq - 1).payload()).as("seq %d", seq).isEqualTo(expected);
            }
        }
        assertThat(peerStore().headSeq(job)).isEqualTo(total);
    }

    @Test
    void aRepeatedKeyStoresNothingAndAnswersTheFirstAppend() {
        JobId job = newJob();
        AppendResult first = store().appendAll(job, batch(3, "k"), T0, claim("key-1", "fp-a"), event -> { });
        List<JobEvent> heard = new ArrayList<>();
        AppendResult again = store().appendAll(job, batch(3, "k"), T0.plusSeconds(5), claim("key-1", "fp-a"),
                heard::add);
        assertThat(again.replayed()).isTrue();
        assertThat(again.firstSeq()).isEqualTo(first.firstSeq());
        assertThat(again.lastSeq()).isEqualTo(first.lastSeq());
        assertThat(again.occurredAt()).isEqualTo(first.occurredAt());
        assertThat(heard).as("a replay reports no stored event").isEmpty();
        assertThat(store().headSeq(job)).isEqualTo(3);
        // the same key on another job is another publish
        JobId other = newJob();
        assertThat(store().appendAll(other, batch(1, "o"), T0, claim("key-1", "fp-a"), e -> { }).replayed()).isFalse();
        assertThat(store().headSeq(other)).isEqualTo(1);
    }

    @Test
    void aKeyIsKnownToAnotherInstanceOnTheSameBackend() {
        JobId job = newJob();
        append(job, "before", "{}", T0);
        AppendResult first = store().appendAll(job, batch(1, "x"), T0, claim("retry-7", "fp"), e -> { });
        AppendResult retried = peerStore().appendAll(job, batch(1, "x"), T0, claim("retry-7", "fp"), e -> { });
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.firstSeq()).isEqualTo(first.firstSeq()).isEqualTo(2);
        assertThat(peerStore().headSeq(job)).isEqualTo(2);
    }

    @Test
    void aKeyReusedWithOtherEventsIsRefusedAndStoresNothing() {
        JobId job = newJob();
        store().appendAll(job, batch(1, "a"), T0, claim("dup", "fp-a"), e -> { });
        assertThatThrownBy(() -> store().appendAll(job, batch(1, "b"), T0, claim("dup", "fp-b"), e -> { }))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(store().headSeq(job)).isEqualTo(1);
    }

    @Test
    void aForgottenKeyIsANewPublish() {
        JobId job = newJob();
        store().appendAll(job, batch(1, "a"), T0, claim("old", "fp"), e -> { });
        Optional<IdempotencyClaim> later = Optional.of(
                new IdempotencyClaim(IdempotencyKey.of("old"), "fp", T0.plusSeconds(1)));
        AppendResult again = store().appendAll(job, batch(1, "a"), T0.plusSeconds(2), later, e -> { });
        assertThat(again.replayed()).isFalse();
        assertThat(again.firstSeq()).isEqualTo(2);
        // and that new use is remembered in turn
        assertThat(store().appendAll(job, batch(1, "a"), T0.plusSeconds(3), later, e -> { }).replayed()).isTrue();
    }

    @Test
    void concurrentRetriesWithOneKeyStoreOnce() throws Exception {
        JobId job = newJob();
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger who = new AtomicInteger();
        ConcurrentLinkedQueue<Long> firstSeqs = new ConcurrentLinkedQueue<>();
        Concurrently.run(6, () -> {
            EventStore target = who.getAndIncrement() % 2 == 0 ? store() : peerStore();
            for (int i = 0; i < 10; i++) {
                AppendResult r = target.appendAll(job, batch(2, "r" + i), T0, claim("r-" + i, "fp-" + i), e -> { });
                if (!r.replayed()) {
                    stored.incrementAndGet();
                }
                firstSeqs.add(r.firstSeq() * 100 + i);
            }
        });
        assertThat(stored.get()).isEqualTo(10);
        assertThat(store().headSeq(job)).isEqualTo(20);
        // every caller of one key was told the same seqs
        assertThat(firstSeqs.stream().distinct().count()).isEqualTo(10);
    }

    @Test
    void keepsTheSenderOfEventsAClientPublished() {
        JobId job = newJob();
        Sender ann = new Sender(ClientId.of("Qk3x-_ann"), Optional.of("ann@example.com — ünïcödé ✓"));
        Sender anonymous = new Sender(ClientId.of("c2"), Optional.empty());
        append(job, "worker.step", "{}", T0);
        List<JobEvent> stored = new ArrayList<>();
        store().appendAll(job, List.of(new NewEvent(EventType.of("player.ready"), "{\"ready\":true}", Optional.of(ann)),
                new NewEvent(EventType.of("player.ready"), "{}", Optional.of(anonymous)),
                new NewEvent(EventType.of("worker.step"), "2")), T0.plusMillis(1), Optional.empty(), stored::add);
        store().appendAll(job, List.of(new NewEvent(EventType.of("chat.line"), "\"hi\"", Optional.of(ann))),
                T0.plusMillis(2), Optional.empty(), stored::add);

        assertThat(stored).extracting(JobEvent::from).containsExactly(Optional.of(ann), Optional.of(anonymous),
                Optional.empty(), Optional.of(ann));
        for (EventStore reader : List.of(store(), peerStore())) {
            List<JobEvent> read = reader.readAfter(job, 0, 10);
            assertThat(read).extracting(JobEvent::from).containsExactly(Optional.empty(), Optional.of(ann),
                    Optional.of(anonymous), Optional.empty(), Optional.of(ann));
            assertThat(read.subList(1, 5)).containsExactlyElementsOf(stored);
        }
    }

    // ---- retention

    private JobId jobWithEvents(int count) {
        JobId job = newJob();
        for (int i = 1; i <= count; i++) {
            append(job, "step", "{\"i\":" + i + "}", T0.plusSeconds(i));
        }
        return job;
    }

    @Test
    void deletingBeforeASeqKeepsTheRestAndTheHead() {
        JobId job = jobWithEvents(10);
        Deletion deletion = store().deleteBefore(job, 5, 100);
        assertThat(deletion).isEqualTo(new Deletion(job, 4, 5, 10));
        assertThat(store().firstSeq(job)).isEqualTo(5);
        assertThat(store().headSeq(job)).isEqualTo(10);
        assertThat(seqs(store().readAfter(job, 0, 100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(seqs(store().readAfter(job, 2, 2))).containsExactly(5L, 6L);
        assertThat(seqs(store().readAfter(job, 6, 2))).containsExactly(7L, 8L);
        JobFacts facts = store().facts(job).orElseThrow();
        assertThat(facts.eventCount()).isEqualTo(6);
        assertThat(facts.headSeq()).isEqualTo(10);
        assertThat(facts.firstEventAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(append(job, "step", "{}", T0).seq()).isEqualTo(11);
    }

    @Test
    void deletesInBoundedBatchesLowestFirst() {
        JobId job = jobWithEvents(10);
        Deletion first = store().deleteBefore(job, 9, 3);
        assertThat(first).isEqualTo(new Deletion(job, 3, 4, 10));
        assertThat(first.reached(9)).isFalse();
        assertThat(store().deleteBefore(job, 9, 3)).isEqualTo(new Deletion(job, 3, 7, 10));
        Deletion last = store().deleteBefore(job, 9, 3);
        assertThat(last).isEqualTo(new Deletion(job, 2, 9, 10));
        assertThat(last.reached(9)).isTrue();
        assertThat(store().deleteBefore(job, 9, 3)).isEqualTo(new Deletion(job, 0, 9, 10));
        assertThat(seqs(store().readAfter(job, 0, 100))).containsExactly(9L, 10L);
    }

    @Test
    void deletingEverythingKeepsTheHeadSoSeqsAreNotReused() {
        JobId job = jobWithEvents(3);
        Deletion deletion = store().deleteBefore(job, Long.MAX_VALUE, 100);
        assertThat(deletion).isEqualTo(new Deletion(job, 3, 4, 3));
        assertThat(deletion.reached(Long.MAX_VALUE)).isTrue();
        assertThat(store().headSeq(job)).isEqualTo(3);
        assertThat(store().firstSeq(job)).isEqualTo(4);
        assertThat(store().readAfter(job, 0, 100)).isEmpty();
        assertThat(store().facts(job)).isEmpty();
        assertThat(append(job, "step", "{}", T0).seq()).isEqualTo(4);
        assertThat(store().firstSeq(job)).isEqualTo(4);
        assertThat(seqs(store().readAfter(job, 0, 100))).containsExactly(4L);
        assertThat(store().facts(job).orElseThrow().eventCount()).isEqualTo(1);
    }

    @Test
    void seqsAreNeverReusedAfterEverythingWasDeletedAndARestart() {
        JobId job = jobWithEvents(HEAD_AFTER_RESTART);
        store().deleteBefore(job, Long.MAX_VALUE, 1000);
        EventStore restarted = restarted();
        assertThat(restarted.headSeq(job)).isEqualTo(HEAD_AFTER_RESTART);
        assertThat(restarted.firstSeq(job)).isEqualTo(HEAD_AFTER_RESTART + 1);
        assertThat(restarted.readAfter(job, 0, 100)).isEmpty();
        assertThat(restarted.append(job, EventType.of("step"), "{}", T0).seq()).isEqualTo(HEAD_AFTER_RESTART + 1);
        assertThat(restarted.headSeqs(List.of(job))).containsEntry(job, (long) HEAD_AFTER_RESTART + 1);
    }

    /** More than a few seqs, so that a store's head hints (written every few seqs) are not all it has. */
    private static final int HEAD_AFTER_RESTART = 37;

    @Test
    void aPartialDeleteOutlivesARestart() {
        JobId job = jobWithEvents(12);
        store().deleteBefore(job, 8, 100);
        EventStore restarted = restarted();
        assertThat(restarted.firstSeq(job)).isEqualTo(8);
        assertThat(seqs(restarted.readAfter(job, 0, 100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(restarted.facts(job).orElseThrow().eventCount()).isEqualTo(5);
        assertThat(restarted.append(job, EventType.of("step"), "{}", T0).seq()).isEqualTo(13);
    }

    @Test
    void aDeleteNeverReachesPastTheHead() {
        JobId job = jobWithEvents(4);
        assertThat(store().deleteBefore(job, 3, 100)).isEqualTo(new Deletion(job, 2, 3, 4));
        assertThat(store().deleteBefore(job, 2, 100)).isEqualTo(new Deletion(job, 0, 3, 4));
        assertThat(store().deleteBefore(job, 99, 100)).isEqualTo(new Deletion(job, 2, 5, 4));
        assertThat(append(job, "step", "{}", T0).seq()).isEqualTo(5);
        assertThat(seqs(store().readAfter(job, 0, 10))).containsExactly(5L);
    }

    @Test
    void anUnknownJobHasNothingToDelete() {
        JobId job = newJob();
        assertThat(store().firstSeq(job)).isEqualTo(1);
        assertThat(store().deleteBefore(job, 10, 100)).isEqualTo(new Deletion(job, 0, 1, 0));
        assertThat(append(job, "step", "{}", T0).seq()).isEqualTo(1);
    }

    @Test
    void anotherInstanceSeesTheDelete() {
        JobId job = jobWithEvents(6);
        assertThat(seqs(store().readAfter(job, 0, 100))).hasSize(6); // cached, where a store caches
        peerStore().deleteBefore(job, 4, 100);
        assertThat(store().firstSeq(job)).isEqualTo(4);
        assertThat(seqs(store().readAfter(job, store().firstSeq(job) - 1, 100))).containsExactly(4L, 5L, 6L);
        assertThat(store().facts(job).orElseThrow().eventCount()).isEqualTo(3);
        assertThat(append(job, "step", "{}", T0).seq()).isEqualTo(7);
    }

    @Test
    void listsJobsWithEventsInIdOrderPageByPage() {
        String prefix = "jobs-" + UUID.randomUUID();
        List<JobId> jobs = List.of(JobId.of(prefix + "-a"), JobId.of(prefix + "-b"), JobId.of(prefix + "-c"));
        for (JobId job : List.of(jobs.get(2), jobs.get(0), jobs.get(1))) {
            append(job, "step", "{}", T0);
        }
        Optional<JobId> from = Optional.of(JobId.of(prefix));
        assertThat(store().jobsAfter(from, 2)).containsExactly(jobs.get(0), jobs.get(1));
        assertThat(store().jobsAfter(Optional.of(jobs.get(1)), 1)).containsExactly(jobs.get(2));
        List<JobId> all = new ArrayList<>();
        Optional<JobId> after = Optional.empty();
        for (List<JobId> page = store().jobsAfter(after, 50); !page.isEmpty(); page = store().jobsAfter(after, 50)) {
            all.addAll(page);
            after = Optional.of(page.get(page.size() - 1));
        }
        assertThat(all).containsAll(jobs).isSorted().doesNotHaveDuplicates();
    }
}
