package dev.herald.domain.delivery;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * The reorder buffer with its cursor, as a subscription drives them: live events offered (or held
 * while the subscription reads the store), store pages delivered through the cursor, the held
 * events released after each. Whatever the permutation, duplication and staleness of the live
 * input and the bound, each seq comes out once, in order, the bound is never exceeded, and what
 * the bound dropped is announced by {@link ReorderBuffer#overflowed()}.
 */
class ReorderBufferPropertyTest {

    /** What happens to the subscription next. */
    sealed interface Step {
        /** A live event: offered while live, held while the subscription reads the store. */
        record Live(long seq) implements Step {
        }

        /** The subscription starts reading the store (a repair). */
        record StartReading() implements Step {
        }

        /**
         * While reading: a store page of up to {@code count} seqs after the cursor, then (at the
         * end of a read) the held events released, going live if nothing waits on a gap any more.
         */
        record StorePage(int count, boolean lastPage) implements Step {
        }
    }

    record Scenario(long afterSeq, long head, int limit, List<Long> live, List<Step> steps) {
        @Override
        public String toString() {
            return "afterSeq=" + afterSeq + " head=" + head + " limit=" + limit + "\n live=" + live + "\n steps=" + steps;
        }
    }

    /** Every seq of afterSeq+1..head at least once, some twice, some stale ones, in any order. */
    private static List<Long> liveInput(RandomnessSource in, long afterSeq, long head) {
        List<Long> live = new ArrayList<>();
        for (long s = afterSeq + 1; s <= head; s++) {
            live.add(s);
            int op = integers().between(0, 9).generate(in);
            if (op == 0) {
                live.add(s);                                                  // redelivered
            } else if (op == 1 && afterSeq > 0) {
                live.add((long) integers().between(1, (int) afterSeq).generate(in)); // older than the resume point
            }
        }
        if (booleans().all().generate(in)) {
            // any permutation
            for (int i = live.size() - 1; i > 0; i--) {
                Collections.swap(live, i, integers().between(0, i).generate(in));
            }
        } else {
            // mostly in order, with local overtaking
            for (int i = 1; i < live.size(); i++) {
                if (integers().between(0, 3).generate(in) == 0) {
                    Collections.swap(live, i, i - integers().between(1, Math.min(i, 3)).generate(in));
                }
            }
        }
        return live;
    }

    private static Gen<Scenario> scenarios(boolean withStore, int minLimit, int maxLimit) {
        return in -> {
            long afterSeq = integers().between(0, 20).generate(in);
            long head = afterSeq + integers().between(0, 40).generate(in);
            int limit = integers().between(minLimit, maxLimit).generate(in);
            List<Long> live = liveInput(in, afterSeq, head);
            List<Step> steps = new ArrayList<>();
            if (withStore && booleans().all().generate(in)) {
                steps.add(new Step.StartReading());                           // a first catch-up
            }
            for (long seq : live) {
                if (withStore && integers().between(0, 5).generate(in) == 0) {
                    steps.add(booleans().all().generate(in)
                            ? new Step.StartReading()
                            : new Step.StorePage(integers().between(0, 6).generate(in), booleans().all().generate(in)));
                }
                steps.add(new Step.Live(seq));
            }
            return new Scenario(afterSeq, head, limit, live, steps);
        };
    }

    /** A subscription's cursor and buffer, recording what it sent. */
    private static final class Subscriber {
        final SubscriptionCursor cursor;
        final ReorderBuffer<Long> buffer;
        final long head;
        final int limit;
        final List<Long> delivered = new ArrayList<>();
        boolean reading;
        int storeReads;

        Subscriber(Scenario scenario) {
            cursor = new SubscriptionCursor(scenario.afterSeq());
            buffer = new ReorderBuffer<>(cursor, scenario.limit());
            head = scenario.head();
            limit = scenario.limit();
        }

        void run(Step step) {
            if (step instanceof Step.Live live && !reading) {
                buffer.offer(live.seq(), live.seq(), delivered::add);
                assertThat(buffer.firstHeld().orElse(Long.MAX_VALUE))
                        .as("nothing deliverable stays held after an offer").isGreaterThan(cursor.lastDelivered() + 1);
            } else if (step instanceof Step.Live live) {
                buffer.hold(live.seq(), live.seq());
            } else if (step instanceof Step.StartReading) {
                reading = true;
            } else if (step instanceof Step.StorePage page && reading) {
                readStore(page.count());
                if (page.lastPage()) {
                    buffer.release(delivered::add);
                    if (buffer.isSettled()) {
                        reading = false;
                    } else {
                        buffer.clearOverflow();
                    }
                }
            }
            assertThat(buffer.size()).as("the bound").isLessThanOrEqualTo(limit);
            assertThat(buffer.firstHeld().orElse(Long.MAX_VALUE)).as("nothing delivered stays held")
                    .isGreaterThan(cursor.lastDelivered());
        }

        /** A subscriber that has run every step of the scenario. */
        static Subscriber fed(Scenario scenario) {
            Subscriber subscriber = new Subscriber(scenario);
            scenario.steps().forEach(subscriber::run);
            return subscriber;
        }

        /** The store holds 1..head: read what follows the cursor, as the pump does. */
        void readStore(long count) {
            storeReads++;
            long from = cursor.lastDelivered();
            for (long seq = from + 1; seq <= Math.min(head, from + count); seq++) {
                assertThat(cursor.offer(seq)).isEqualTo(new CursorDecision.Deliver(seq));
                delivered.add(seq);
            }
            buffer.dropDelivered();
        }

        /** Reads the store until nothing waits on a gap and the head is reached, as a repair does. */
        void repair() {
            for (int round = 0; !(buffer.isSettled() && !cursor.isBehind(head)); round++) {
                assertThat(round).as("repair converges").isLessThan(100);
                buffer.clearOverflow();
                long until = buffer.firstHeld().orElse(head + 1) - 1;
                readStore(Math.max(until - cursor.lastDelivered(), 1));
                buffer.release(delivered::add);
            }
        }
    }

    private static List<Long> range(long afterSeq, long head) {
        return LongStream.rangeClosed(afterSeq + 1, head).boxed().collect(Collectors.toList());
    }

    @Test
    void withRoomForEverythingLiveInputAloneComesOutOnceInOrder() {
        qt().withExamples(3000).forAll(scenarios(false, 200, 200)).checkAssert(scenario -> {
            Subscriber subscriber = Subscriber.fed(scenario);

            assertThat(subscriber.delivered).as(scenario.toString()).containsExactlyElementsOf(range(scenario.afterSeq(), scenario.head()));
            assertThat(subscriber.buffer.isSettled()).isTrue();
            assertThat(subscriber.buffer.overflowed()).isFalse();
        });
    }

    @Test
    void aBoundedBufferReleasesAContiguousPrefixAndAnnouncesWhatItDropped() {
        qt().withExamples(3000).forAll(scenarios(false, 1, 5)).checkAssert(scenario -> {
            Subscriber subscriber = Subscriber.fed(scenario);

            long last = subscriber.cursor.lastDelivered();
            assertThat(subscriber.delivered).as(scenario.toString()).containsExactlyElementsOf(range(scenario.afterSeq(), last));
            if (!subscriber.buffer.overflowed()) {
                assertThat(last).as("nothing dropped: nothing missing\n" + scenario).isEqualTo(scenario.head());
            }
        });
    }

    @Test
    void interleavedWithStoreReadsAndRepairEverySeqComesOutOnceInOrder() {
        qt().withExamples(3000).forAll(scenarios(true, 1, 8)).checkAssert(scenario -> {
            Subscriber subscriber = Subscriber.fed(scenario);
            subscriber.repair();

            assertThat(subscriber.delivered).as(scenario.toString())
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .containsExactlyElementsOf(range(scenario.afterSeq(), scenario.head()));
            assertThat(subscriber.buffer.isEmpty()).isTrue();
        });
    }

    @Test
    void generatorProducesTheHardCases() {
        // guards the generators: a property over inputs that never hold, overflow or read the store proves little
        int[] seen = new int[3];
        qt().withExamples(300).forAll(scenarios(true, 1, 8)).checkAssert(scenario -> {
            Subscriber subscriber = new Subscriber(scenario);
            int maxHeld = 0;
            boolean overflowed = false;
            for (Step step : scenario.steps()) {
                subscriber.run(step);
                maxHeld = Math.max(maxHeld, subscriber.buffer.size());
                overflowed |= subscriber.buffer.overflowed();
            }
            seen[0] += maxHeld >= 2 ? 1 : 0;
            seen[1] += overflowed ? 1 : 0;
            seen[2] += subscriber.storeReads > 0 ? 1 : 0;
        });
        assertThat(seen[0]).as("scenarios holding several events").isGreaterThan(30);
        assertThat(seen[1]).as("scenarios overflowing the bound").isGreaterThan(30);
        assertThat(seen[2]).as("scenarios reading the store").isGreaterThan(30);
    }
}
