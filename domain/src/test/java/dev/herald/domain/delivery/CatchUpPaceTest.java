package dev.herald.domain.delivery;

import dev.herald.domain.delivery.CatchUpPace.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpPaceTest {

    private final CatchUpPace pace = new CatchUpPace(Duration.ofSeconds(30));

    @Test
    void readsWhileTheClientHasRoom() {
        assertThat(pace.next(true, 0)).isEqualTo(Step.READ);
        assertThat(pace.next(true, 60_000)).isEqualTo(Step.READ);
    }

    @Test
    void waitsForRoomUpToTheStallLimitCountedFromTheFirstLookWithoutRoom() {
        assertThat(pace.next(false, 1_000)).isEqualTo(Step.WAIT);
        assertThat(pace.next(false, 30_999)).isEqualTo(Step.WAIT);
        assertThat(pace.next(false, 31_000)).isEqualTo(Step.CUT_OFF);
    }

    @Test
    void roomOnceStartsTheStallLimitOver() {
        pace.next(false, 0);
        pace.next(false, 29_000);
        assertThat(pace.next(true, 29_500)).isEqualTo(Step.READ);
        assertThat(pace.next(false, 40_000)).isEqualTo(Step.WAIT);
        assertThat(pace.next(false, 69_999)).isEqualTo(Step.WAIT);
        assertThat(pace.next(false, 70_000)).isEqualTo(Step.CUT_OFF);
    }

    @Test
    void aZeroLimitCutsOffAtTheFirstLookWithoutRoom() {
        assertThat(new CatchUpPace(Duration.ZERO).next(false, 5)).isEqualTo(Step.CUT_OFF);
        assertThat(new CatchUpPace(Duration.ofMillis(-1)).next(false, 5)).isEqualTo(Step.CUT_OFF);
    }
}
