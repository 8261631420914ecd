package dev.herald.domain.delivery;

import dev.herald.domain.delivery.CursorDecision.Deliver;
import dev.herald.domain.delivery.CursorDecision.Duplicate;
import dev.herald.domain.delivery.CursorDecision.Gap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Delivery guarantee 1 of the contract, on the cursor alone: whatever the interleaving of a
 * (possibly cut short) ordered store replay with a live stream full of duplicates, reorderings
 * and losses, a subscriber that repairs every {@link Gap} from the store and reconciles at the
 * end receives exactly {@code afterSeq + 1 .. head}, strictly increasing, each once.
 */
class SubscriptionCursorPropertyTest {

    /**
     * One run's input. {@code input} is the merge of {@code replay} (store catch-up of
     * {@code afterSeq+1 .. replayUpTo}, in order) and {@code live} (seqs from {@code 1 .. head}).
     */
    record Scenario(long afterSeq, long head, long replayUpTo, List<Long> live, List<Long> input) {
        @Override
        public String toString() {
            return "afterSeq=" + afterSeq + " head=" + head + " replayUpTo=" + replayUpTo
                    + "\n live=" + live + "\n input=" + input;
        }
    }

    /** Live publications: either arbitrary seqs in 1..head, or the ordered stream with local damage. */
    private static List<Long> liveStream(org.quicktheories.core.RandomnessSource in, long head) {
        if (head == 0) {
            return List.of();
        }
        if (booleans().all().generate(in)) {
            return lists().of(longs().between(1, head)).ofSizeBetween(0, (int) (3 * head)).generate(in);
        }
        List<Long> live = new ArrayList<>();
        for (long s = 1; s <= head; s++) {
            int op = integers().between(0, 9).generate(in);
            if (op <= 4) {
                live.add(s);                                          // as published
            } else if (op == 5 || op == 6) {
                // lost
            } else if (op == 7) {
                live.add(s);                                          // redelivered
                live.add(s);
            } else if (op == 8) {
                live.add(s);                                          // plus a stale one
                live.add(longs().between(1, s).generate(in));
            } else {
                int at = integers().between(0, live.size()).generate(in);
                live.add(at, s);                                      // overtakes earlier ones
            }
        }
        return live;
    }

    private static final Gen<Scenario> SCENARIOS = in -> {
        long afterSeq = integers().between(0, 30).generate(in);
        long head = afterSeq + integers().between(0, 40).generate(in);
        List<Long> live = liveStream(in, head);
        long replayUpTo = longs().between(afterSeq, head).generate(in);
        List<Long> replay = LongStream.rangeClosed(afterSeq + 1, replayUpTo).boxed().collect(Collectors.toList());

        List<Long> input = new ArrayList<>(live.size() + replay.size());
        int l = 0;
        int r = 0;
        while (l < live.size() || r < replay.size()) {
            boolean takeLive = r == replay.size() || (l < live.size() && booleans().all().generate(in));
            input.add(takeLive ? live.get(l++) : replay.get(r++));
        }
        return new Scenario(afterSeq, head, replayUpTo, live, input);
    };

    /** A subscriber that repairs gaps from a store holding seqs 1..head. */
    private static final class RepairingSubscriber {
        private final SubscriptionCursor cursor;
        private final long head;
        private final List<Long> delivered = new ArrayList<>();
        private int gaps;

        RepairingSubscriber(long afterSeq, long head) {
            this.cursor = new SubscriptionCursor(afterSeq);
            this.head = head;
        }

        void offer(long seq, int depth) {
            if (depth > 2) {
                fail("gap repair did not converge at seq %d (delivered %s)", seq, delivered);
            }
            long before = cursor.lastDelivered();
            CursorDecision decision = cursor.offer(seq);
            if (decision instanceof Deliver deliver) {
                assertThat(deliver.seq()).isEqualTo(seq);
                assertThat(seq).as("delivered seq follows the previous one").isEqualTo(before + 1);
                assertThat(cursor.lastDelivered()).isEqualTo(seq);
                delivered.add(seq);
            } else if (decision instanceof Duplicate duplicate) {
                assertThat(duplicate.seq()).isEqualTo(seq);
                assertThat(seq).as("only old seqs are duplicates").isLessThanOrEqualTo(before);
                assertThat(cursor.lastDelivered()).isEqualTo(before);
            } else if (decision instanceof Gap gap) {
                gaps++;
                assertThat(gap.afterSeq()).isEqualTo(before).isEqualTo(cursor.lastDelivered());
                assertThat(gap.beforeSeq()).isEqualTo(seq);
                assertThat(gap.missing()).isPositive().isEqualTo(seq - before - 1);
                assertThat(gap.beforeSeq()).as("a gap only ever asks the store for what it has").isLessThanOrEqualTo(head);
                for (long s = gap.afterSeq() + 1; s < gap.beforeSeq(); s++) {
                    offer(s, depth + 1);                         // the store's events, in order
                }
                offer(seq, depth + 1);                           // then the held event again
            } else {
                fail("unknown decision %s", decision);
            }
        }

        void reconcile() {
            for (long s = cursor.lastDelivered() + 1; s <= head; s++) {
                offer(s, 0);
            }
        }
    }

    @Test
    void repairedAndReconciledOutputIsExactlyAfterSeqPlusOneToHead() {
        qt().withExamples(3000).forAll(SCENARIOS).checkAssert(scenario -> {
            RepairingSubscriber subscriber = new RepairingSubscriber(scenario.afterSeq(), scenario.head());
            for (long seq : scenario.input()) {
                subscriber.offer(seq, 0);
            }
            subscriber.reconcile();

            List<Long> expected = LongStream.rangeClosed(scenario.afterSeq() + 1, scenario.head())
                    .boxed().collect(Collectors.toList());
            assertThat(subscriber.delivered).as(scenario.toString())
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .containsExactlyElementsOf(expected);
            assertThat(subscriber.cursor.lastDelivered()).isEqualTo(scenario.head());
            assertThat(subscriber.cursor.isBehind(scenario.head())).isFalse();
        });
    }

    @Test
    void withoutRepairTheOutputIsStillAContiguousPrefix() {
        qt().withExamples(2000)
                .forAll(integers().between(0, 20), lists().of(longs().between(-3, 40)).ofSizeBetween(0, 120))
                .checkAssert((afterSeq, input) -> {
                    SubscriptionCursor cursor = new SubscriptionCursor(afterSeq);
                    List<Long> delivered = new ArrayList<>();
                    for (long seq : input) {
                        if (cursor.offer(seq) instanceof Deliver d) {
                            delivered.add(d.seq());
                        }
                    }
                    List<Long> prefix = LongStream.rangeClosed(afterSeq + 1, (long) afterSeq + delivered.size())
                            .boxed().collect(Collectors.toList());
                    assertThat(delivered).containsExactlyElementsOf(prefix);
                    assertThat(cursor.lastDelivered()).isEqualTo(afterSeq + delivered.size());
                });
    }

    @Test
    void decisionDependsOnlyOnLastDeliveredAndTheOfferedSeq() {
        qt().withExamples(2000)
                .forAll(longs().between(0, 1_000), longs().between(-10, 1_100))
                .checkAssert((last, seq) -> {
                    CursorDecision decision = new SubscriptionCursor(last).offer(seq);
                    if (seq <= last) {
                        assertThat(decision).isEqualTo(new Duplicate(seq));
                    } else if (seq == last + 1) {
                        assertThat(decision).isEqualTo(new Deliver(seq));
                    } else {
                        assertThat(decision).isEqualTo(new Gap(last, seq));
                    }
                });
    }

    @Test
    void generatorProducesTheHardCases() {
        // guards the generator: a property over inputs that never gap or duplicate would prove little
        int[] seen = new int[3];
        qt().withExamples(300).forAll(SCENARIOS).checkAssert(scenario -> {
            RepairingSubscriber subscriber = new RepairingSubscriber(scenario.afterSeq(), scenario.head());
            for (long seq : scenario.input()) {
                subscriber.offer(seq, 0);
            }
            if (subscriber.gaps > 0) {
                seen[0]++;
            }
            if (scenario.replayUpTo() < scenario.head()) {
                seen[1]++;
            }
            if (scenario.input().stream().distinct().count() < scenario.input().size()) {
                seen[2]++;
            }
        });
        assertThat(seen[0]).as("scenarios with gaps").isGreaterThan(30);
        assertThat(seen[1]).as("scenarios with a cut-short replay").isGreaterThan(30);
        assertThat(seen[2]).as("scenarios with duplicates").isGreaterThan(30);
    }
}
