package dev.herald.domain.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.herald.domain.client.RateVerdict.ALLOW;
import static dev.herald.domain.client.RateVerdict.CUT_OFF;
import static dev.herald.domain.client.RateVerdict.DROP;
import static dev.herald.domain.client.RateVerdict.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inbound flood policy, as tables of (time since T0, message bytes, expected verdict). Windows
 * are fixed, started by the first message; the first excess warns, further excess is dropped,
 * twice the limit in one window or a new excess in the very next window cuts the client off.
 */
class InboundRateMeterTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);

    /** 3 messages per 10 s window, bytes not enforced. */
    private static final InboundRateLimit THREE_MESSAGES = new InboundRateLimit(3, 0, WINDOW);
    /** 100 bytes per 10 s window, message count not enforced. */
    private static final InboundRateLimit HUNDRED_BYTES = new InboundRateLimit(0, 100, WINDOW);

    private record Step(long atMillis, long bytes, RateVerdict expected) {
    }

    private static Step at(long atMillis, RateVerdict expected) {
        return new Step(atMillis, 1, expected);
    }

    private static Step at(long atMillis, long bytes, RateVerdict expected) {
        return new Step(atMillis, bytes, expected);
    }

    private static void play(InboundRateLimit limit, Step... steps) {
        InboundRateMeter meter = new InboundRateMeter(limit);
        List<RateVerdict> actual = new ArrayList<>();
        List<RateVerdict> expected = new ArrayList<>();
        for (Step step : steps) {
            actual.add(meter.record(T0.plusMillis(step.atMillis()), step.bytes()));
            expected.add(step.expected());
        }
        assertThat(actual).as("verdicts for %s", List.of(steps)).containsExactlyElementsOf(expected);
    }

    // --- within limits -----------------------------------------------------------------------

    @Test
    void withinTheMessageLimitEverythingIsAllowed() {
        play(THREE_MESSAGES, at(0, ALLOW), at(1_000, ALLOW), at(9_999, ALLOW));
    }

    @Test
    void withinTheByteLimitEverythingIsAllowed() {
        play(HUNDRED_BYTES, at(0, 60, ALLOW), at(5, 40, ALLOW), at(9_999, 0, ALLOW));
    }

    @Test
    void anUnenforcedMessageBoundNeverTriggers() {
        InboundRateMeter meter = new InboundRateMeter(HUNDRED_BYTES);
        for (int i = 0; i < 10_000; i++) {
            assertThat(meter.record(T0, 0)).isEqualTo(ALLOW);
        }
    }

    @Test
    void anUnenforcedByteBoundNeverTriggers() {
        play(THREE_MESSAGES, at(0, 10_000_000, ALLOW), at(1, 10_000_000, ALLOW), at(2, Integer.MAX_VALUE, ALLOW));
    }

    @Test
    void bothBoundsUnenforcedAllowsAnything() {
        InboundRateMeter meter = new InboundRateMeter(new InboundRateLimit(0, 0, WINDOW));
        for (int i = 0; i < 10_000; i++) {
            assertThat(meter.record(T0, 1_000_000)).isEqualTo(ALLOW);
        }
    }

    // --- warn, drop, cut off within one window ----------------------------------------------

    @Test
    void firstExcessWarnsFurtherExcessIsDropped() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW),
                at(1, WARN),
                at(2, DROP), at(3, DROP));
    }

    @Test
    void goingPastTwiceTheMessageLimitInOneWindowCutsOff() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), // 1..3
                at(1, WARN),                              // 4
                at(2, DROP), at(3, DROP),                 // 5, 6 = twice the limit, not past it
                at(4, CUT_OFF));                          // 7
    }

    @Test
    void byteLimitWarnsDropsAndCutsOffTheSameWay() {
        play(HUNDRED_BYTES,
                at(0, 60, ALLOW),   // 60
                at(1, 40, ALLOW),   // 100 = limit
                at(2, 1, WARN),     // 101
                at(3, 50, DROP),    // 151
                at(4, 49, DROP),    // 200 = twice the limit
                at(5, 1, CUT_OFF)); // 201
    }

    @Test
    void eitherBoundIsEnough() {
        InboundRateLimit both = new InboundRateLimit(10, 100, WINDOW);
        play(both, at(0, 60, ALLOW), at(1, 60, WARN));                        // bytes over, 2 messages
        play(both, at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW),
                at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW), at(0, 0, ALLOW),
                at(0, 0, WARN));                                               // 11th message, 0 bytes
        play(both, at(0, 60, ALLOW), at(1, 60, WARN), at(2, 81, CUT_OFF));    // bytes 201 > 200
    }

    @Test
    void aSingleMessageOverTheLimitIsAWarningOneOverTwiceIsACutOff() {
        play(HUNDRED_BYTES, at(0, 150, WARN), at(1, 1, DROP));
        play(HUNDRED_BYTES, at(0, 200, WARN));
        play(HUNDRED_BYTES, at(0, 201, CUT_OFF));
    }

    // --- window roll-over ----------------------------------------------------------------------

    @Test
    void theWindowStartsAtTheFirstMessageAndLastsExactlyTheWindow() {
        // first message at +5 s: the window is [5 s, 15 s)
        play(THREE_MESSAGES, at(5_000, ALLOW), at(5_001, ALLOW), at(14_999, ALLOW), at(14_999, WARN));
        play(THREE_MESSAGES, at(5_000, ALLOW), at(5_001, ALLOW), at(14_999, ALLOW), at(15_000, ALLOW));
    }

    @Test
    void rollOverResetsCounts() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(1, ALLOW), at(2, ALLOW),
                at(10_000, ALLOW), at(10_001, ALLOW), at(10_002, ALLOW),
                at(20_000, ALLOW), at(20_001, ALLOW), at(20_002, ALLOW));
        play(HUNDRED_BYTES, at(0, 100, ALLOW), at(10_000, 100, ALLOW), at(20_000, 100, ALLOW));
    }

    @Test
    void droppedMessagesStillCountInTheirWindowOnly() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN), at(0, DROP),
                // next window: counts start again from zero, within the limit is fine
                at(10_000, ALLOW), at(10_000, ALLOW), at(10_000, ALLOW));
    }

    @Test
    void afterTheCutOffEveryMessageIsDroppedEvenInALaterQuietWindow() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(1, WARN), at(2, DROP), at(3, DROP),
                at(4, CUT_OFF),
                at(5, DROP), at(6, DROP),          // no second cut-off for a flood that goes on
                at(60_000, DROP));                 // nor a fresh start: the connection is closing
    }

    // --- sustained flood across windows --------------------------------------------------------

    @Test
    void anExcessInTheVeryNextWindowCutsOff() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                at(10_000, ALLOW), at(10_001, ALLOW), at(10_002, ALLOW),
                at(10_003, CUT_OFF)); // no second warning
    }

    @Test
    void anExcessInTheNextWindowCutsOffByBytesToo() {
        play(HUNDRED_BYTES,
                at(0, 101, WARN),
                at(10_000, 100, ALLOW),
                at(10_001, 1, CUT_OFF));
    }

    @Test
    void theNextWindowIsAnyTimeBeforeTwoWindowsAfterTheWarnedOnesStart() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                at(19_999, ALLOW), at(19_999, ALLOW), at(19_999, ALLOW),
                at(19_999, CUT_OFF));
    }

    @Test
    void aQuietWindowInBetweenForgivesTheWarning() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                // nothing at all during [10 s, 20 s)
                at(20_000, ALLOW), at(20_000, ALLOW), at(20_000, ALLOW),
                at(20_001, WARN), at(20_002, DROP));
    }

    @Test
    void aLongSilenceForgivesTheWarning() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                at(3_600_000, ALLOW), at(3_600_000, ALLOW), at(3_600_000, ALLOW), at(3_600_000, WARN));
    }

    @Test
    void aWindowWithinTheLimitInBetweenForgivesTheWarning() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                at(10_000, ALLOW), at(10_001, ALLOW),                       // next window, within the limit
                at(20_000, ALLOW), at(20_000, ALLOW), at(20_000, ALLOW),   // the one after
                at(20_001, WARN));                                        // a fresh first strike
    }

    @Test
    void aCleanNextWindowAfterAWarningIsNotPunished() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW), at(0, WARN),
                at(10_000, ALLOW), at(10_001, ALLOW), at(10_002, ALLOW));
    }

    @Test
    void withoutAnyWarningTheNextWindowStartsWithAWarning() {
        play(THREE_MESSAGES,
                at(0, ALLOW), at(0, ALLOW), at(0, ALLOW),
                at(10_000, ALLOW), at(10_000, ALLOW), at(10_000, ALLOW), at(10_000, WARN));
    }

    // --- the limit itself ---------------------------------------------------------------------

    @Test
    void limitBoundaries() {
        InboundRateLimit limit = new InboundRateLimit(3, 100, WINDOW);
        assertThat(limit.overLimit(3, 100)).isFalse();
        assertThat(limit.overLimit(4, 0)).isTrue();
        assertThat(limit.overLimit(0, 101)).isTrue();
        assertThat(limit.farOverLimit(6, 200)).isFalse();
        assertThat(limit.farOverLimit(7, 0)).isTrue();
        assertThat(limit.farOverLimit(0, 201)).isTrue();

        InboundRateLimit unenforced = new InboundRateLimit(0, 0, WINDOW);
        assertThat(unenforced.overLimit(Integer.MAX_VALUE, Long.MAX_VALUE)).isFalse();
        assertThat(unenforced.farOverLimit(Integer.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void farOverLimitDoesNotOverflowForLargeMessageCounts() {
        InboundRateLimit limit = new InboundRateLimit(Integer.MAX_VALUE, 0, WINDOW);
        assertThat(limit.farOverLimit(Integer.MAX_VALUE, 0)).isFalse();
    }

    @Test
    void defaults() {
        assertThat(InboundRateLimit.defaults()).isEqualTo(new InboundRateLimit(200, 1024 * 1024, Duration.ofSeconds(10)));
    }

    @Test
    void invalidLimitsAreConfigurationErrors() {
        assertThatThrownBy(() -> new InboundRateLimit(-1, 0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundRateLimit(0, -1, WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundRateLimit(1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundRateLimit(1, 1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundRateLimit(1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new InboundRateMeter(null)).isInstanceOf(NullPointerException.class);
    }
}
