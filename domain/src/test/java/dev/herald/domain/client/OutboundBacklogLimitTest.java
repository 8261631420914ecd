package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

class OutboundBacklogLimitTest {

    private final OutboundBacklogLimit limit = new OutboundBacklogLimit(10, 1_000);

    @Test
    void atTheBoundsIsFineOneOverIsASlowConsumer() {
        assertThat(limit.check(0, 0)).isEmpty();
        assertThat(limit.check(10, 1_000)).isEmpty();
        assertThat(limit.check(11, 0)).map(Rejection::code).hasValue(ErrorCode.SLOW_CONSUMER);
        assertThat(limit.check(0, 1_001)).map(Rejection::code).hasValue(ErrorCode.SLOW_CONSUMER);
        assertThat(limit.check(11, 1_001)).map(Rejection::code).hasValue(ErrorCode.SLOW_CONSUMER);
    }

    @Test
    void slowConsumerClosesWith4409AndTellsHowToResume() {
        Rejection rejection = limit.check(11, 0).orElseThrow();
        assertThat(rejection.code().closeCode()).hasValue(4409);
        assertThat(rejection.message()).contains("afterSeq");
    }

    @Test
    void zeroMeansThatBoundIsUnbounded() {
        assertThat(new OutboundBacklogLimit(0, 1_000).check(Integer.MAX_VALUE, 1_000)).isEmpty();
        assertThat(new OutboundBacklogLimit(0, 1_000).check(Integer.MAX_VALUE, 1_001)).isPresent();
        assertThat(new OutboundBacklogLimit(10, 0).check(10, Long.MAX_VALUE)).isEmpty();
        assertThat(new OutboundBacklogLimit(10, 0).check(11, Long.MAX_VALUE)).isPresent();
        assertThat(new OutboundBacklogLimit(0, 0).check(Integer.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void hasRoomUpToHalfOfEachBound() {
        assertThat(limit.hasRoom(0, 0)).isTrue();
        assertThat(limit.hasRoom(5, 500)).isTrue();
        assertThat(limit.hasRoom(6, 0)).isFalse();
        assertThat(limit.hasRoom(0, 501)).isFalse();
        assertThat(limit.hasRoom(6, 501)).isFalse();
    }

    @Test
    void hasRoomRoundsHalfDownForOddBounds() {
        OutboundBacklogLimit odd = new OutboundBacklogLimit(11, 1_001);
        assertThat(odd.hasRoom(5, 500)).isTrue();
        assertThat(odd.hasRoom(6, 0)).isFalse();
        assertThat(odd.hasRoom(0, 501)).isFalse();
        OutboundBacklogLimit one = new OutboundBacklogLimit(1, 0);
        assertThat(one.hasRoom(0, 0)).isTrue();
        assertThat(one.hasRoom(1, 0)).isFalse();
    }

    @Test
    void hasRoomWithUnboundedBounds() {
        assertThat(new OutboundBacklogLimit(0, 0).hasRoom(Integer.MAX_VALUE, Long.MAX_VALUE)).isTrue();
        assertThat(new OutboundBacklogLimit(0, 1_000).hasRoom(Integer.MAX_VALUE, 500)).isTrue();
        assertThat(new OutboundBacklogLimit(0, 1_000).hasRoom(0, 501)).isFalse();
        assertThat(new OutboundBacklogLimit(10, 0).hasRoom(5, Long.MAX_VALUE)).isTrue();
        assertThat(new OutboundBacklogLimit(10, 0).hasRoom(6, 0)).isFalse();
    }

    @Test
    void propertyRoomImpliesNotSlow() {
        qt().withExamples(1000)
                .forAll(integers().between(0, 40), integers().between(0, 4_000),
                        integers().between(0, 60), integers().between(0, 6_000))
                .checkAssert((maxMessages, maxBytes, queued, queuedBytes) -> {
                    OutboundBacklogLimit l = new OutboundBacklogLimit(maxMessages, maxBytes);
                    if (l.hasRoom(queued, queuedBytes)) {
                        assertThat(l.check(queued, queuedBytes)).isEmpty();
                    }
                    assertThat(l.check(queued, queuedBytes).isPresent()).isEqualTo(
                            (maxMessages > 0 && queued > maxMessages) || (maxBytes > 0 && queuedBytes > maxBytes));
                });
    }

    @Test
    void defaultsAndValidation() {
        assertThat(OutboundBacklogLimit.defaults()).isEqualTo(new OutboundBacklogLimit(5_000, 4L * 1024 * 1024));
        assertThatThrownBy(() -> new OutboundBacklogLimit(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundBacklogLimit(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
