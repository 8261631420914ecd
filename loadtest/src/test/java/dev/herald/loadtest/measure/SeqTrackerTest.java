package dev.herald.loadtest.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqTrackerTest {

    @Test
    void countsDuplicatesOutOfOrderAndTheContiguousHigh() {
        SeqTracker t = new SeqTracker(10);
        t.record(11);
        t.record(13);
        assertThat(t.contiguousHigh()).isEqualTo(11);
        t.record(12); // late: out of order
        t.record(12); // again: duplicate
        t.record(9);  // at or below afterSeq: never sent by the contract, a duplicate
        assertThat(t.contiguousHigh()).isEqualTo(13);
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.received()).isEqualTo(5);
        assertThat(t.has(12)).isTrue();
        assertThat(t.has(14)).isFalse();
    }

    @Test
    void aSeqIsNewUntilRecordedAndNeverAtOrBelowAfterSeq() {
        SeqTracker t = new SeqTracker(10);
        assertThat(t.isNew(11)).isTrue();
        assertThat(t.isNew(10)).isFalse();
        t.record(11);
        assertThat(t.isNew(11)).isFalse();
        assertThat(t.isNew(12)).isTrue();
    }
}
