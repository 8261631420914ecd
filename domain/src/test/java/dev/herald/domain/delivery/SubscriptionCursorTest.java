package dev.herald.domain.delivery;

import dev.herald.domain.delivery.CursorDecision.Deliver;
import dev.herald.domain.delivery.CursorDecision.Duplicate;
import dev.herald.domain.delivery.CursorDecision.Gap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Example-based behaviour of the cursor; the any-interleaving guarantee is in {@link SubscriptionCursorPropertyTest}. */
class SubscriptionCursorTest {

    @Test
    void freshSubscriptionStartsAtSeqOne() {
        SubscriptionCursor cursor = new SubscriptionCursor(0);
        assertThat(cursor.lastDelivered()).isZero();
        assertThat(cursor.offer(1)).isEqualTo(new Deliver(1));
        assertThat(cursor.lastDelivered()).isEqualTo(1);
        assertThat(cursor.offer(2)).isEqualTo(new Deliver(2));
        assertThat(cursor.offer(3)).isEqualTo(new Deliver(3));
        assertThat(cursor.lastDelivered()).isEqualTo(3);
    }

    @Test
    void alreadyDeliveredOrOlderIsDuplicate() {
        SubscriptionCursor cursor = new SubscriptionCursor(0);
        cursor.offer(1);
        cursor.offer(2);
        assertThat(cursor.offer(2)).isEqualTo(new Duplicate(2));
        assertThat(cursor.offer(1)).isEqualTo(new Duplicate(1));
        assertThat(cursor.offer(0)).isEqualTo(new Duplicate(0));
        assertThat(cursor.lastDelivered()).isEqualTo(2);
    }

    @Test
    void aJumpIsAGapNamingTheOpenIntervalAndTheCursorDoesNotMove() {
        SubscriptionCursor cursor = new SubscriptionCursor(0);
        cursor.offer(1);

        CursorDecision decision = cursor.offer(5);

        assertThat(decision).isEqualTo(new Gap(1, 5));
        assertThat(((Gap) decision).missing()).isEqualTo(3); // 2, 3, 4
        assertThat(cursor.lastDelivered()).isEqualTo(1);
        // offered again before the repair, it is still the same gap (not silently delivered)
        assertThat(cursor.offer(5)).isEqualTo(new Gap(1, 5));
    }

    @Test
    void gapRepairThenTheHeldEventIsDelivered() {
        SubscriptionCursor cursor = new SubscriptionCursor(0);
        assertThat(cursor.offer(3)).isEqualTo(new Gap(0, 3));
        assertThat(cursor.offer(1)).isEqualTo(new Deliver(1));
        assertThat(cursor.offer(2)).isEqualTo(new Deliver(2));
        assertThat(cursor.offer(3)).isEqualTo(new Deliver(3));
        assertThat(cursor.offer(3)).isEqualTo(new Duplicate(3));
    }

    @Test
    void smallestGapHasOneMissingSeq() {
        SubscriptionCursor cursor = new SubscriptionCursor(4);
        Gap gap = (Gap) cursor.offer(6);
        assertThat(gap).isEqualTo(new Gap(4, 6));
        assertThat(gap.missing()).isEqualTo(1);
    }

    @Test
    void gapMissingCountIsTheOpenInterval() {
        assertThat(new Gap(0, 2).missing()).isEqualTo(1);
        assertThat(new Gap(2, 7).missing()).isEqualTo(4);
        assertThat(new Gap(10, 1_000_010).missing()).isEqualTo(999_999);
    }

    @Test
    void afterSeqIsTheStartingPoint() {
        SubscriptionCursor cursor = new SubscriptionCursor(5);
        assertThat(cursor.lastDelivered()).isEqualTo(5);
        assertThat(cursor.offer(1)).isEqualTo(new Duplicate(1));
        assertThat(cursor.offer(5)).isEqualTo(new Duplicate(5));
        assertThat(cursor.offer(7)).isEqualTo(new Gap(5, 7));
        assertThat(cursor.offer(6)).isEqualTo(new Deliver(6));
        assertThat(cursor.offer(7)).isEqualTo(new Deliver(7));
    }

    @Test
    void isBehindComparesTheHeadWithWhatWasDelivered() {
        SubscriptionCursor cursor = new SubscriptionCursor(5);
        assertThat(cursor.isBehind(6)).isTrue();
        assertThat(cursor.isBehind(100)).isTrue();
        assertThat(cursor.isBehind(5)).isFalse();
        assertThat(cursor.isBehind(4)).isFalse();
        assertThat(cursor.isBehind(0)).isFalse();

        cursor.offer(6);
        assertThat(cursor.isBehind(6)).isFalse();
        assertThat(cursor.isBehind(7)).isTrue();
    }

    @Test
    void emptyJobIsNotBehind() {
        assertThat(new SubscriptionCursor(0).isBehind(0)).isFalse();
        assertThat(new SubscriptionCursor(0).isBehind(1)).isTrue();
    }

    @Test
    void aGapDoesNotMakeTheCursorLessBehind() {
        SubscriptionCursor cursor = new SubscriptionCursor(0);
        cursor.offer(9); // gap, nothing delivered
        assertThat(cursor.isBehind(9)).isTrue();
        assertThat(cursor.lastDelivered()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -100, Long.MIN_VALUE})
    void negativeAfterSeqIsRejected(long afterSeq) {
        assertThatThrownBy(() -> new SubscriptionCursor(afterSeq)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void worksNearTheTopOfTheSeqRange() {
        SubscriptionCursor cursor = new SubscriptionCursor(Long.MAX_VALUE - 1);
        assertThat(cursor.offer(Long.MAX_VALUE)).isEqualTo(new Deliver(Long.MAX_VALUE));
        assertThat(cursor.offer(Long.MAX_VALUE)).isEqualTo(new Duplicate(Long.MAX_VALUE));
        assertThat(cursor.offer(1)).isEqualTo(new Duplicate(1));
    }
}
