package dev.herald.domain.job;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.SourceDSL.lists;

/** The size of an event is its type plus its serialized payload, in UTF-8 bytes (contract default 64 KiB). */
class EventSizeLimitTest {

    private static final EventType TYPE = EventType.of("a.b"); // 3 bytes

    @Test
    void defaultIs64KiB() {
        assertThat(EventSizeLimit.DEFAULT_MAX_BYTES).isEqualTo(65_536);
        assertThat(EventSizeLimit.defaults().maxBytes()).isEqualTo(65_536);
    }

    @Test
    void typePlusPayloadAtTheLimitIsAccepted() {
        EventSizeLimit limit = new EventSizeLimit(10);
        assertThatCode(() -> limit.check(TYPE, "1234567")).doesNotThrowAnyException(); // 3 + 7 = 10
        assertThatCode(() -> limit.check(TYPE, "")).doesNotThrowAnyException();
    }

    @Test
    void oneByteOverIsMessageTooLarge() {
        EventSizeLimit limit = new EventSizeLimit(10);
        assertThatThrownBy(() -> limit.check(TYPE, "12345678")) // 3 + 8 = 11
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("11").contains("10");
                });
    }

    @Test
    void theTypeCountsTowardsTheLimit() {
        EventSizeLimit limit = new EventSizeLimit(10);
        assertThatCode(() -> limit.check(EventType.of("x"), "123456789")).doesNotThrowAnyException(); // 1 + 9
        assertThatThrownBy(() -> limit.check(EventType.of("xy"), "123456789")) // 2 + 9
                .isInstanceOf(RejectedException.class);
    }

    @Test
    void defaultLimitBoundary() {
        EventSizeLimit limit = EventSizeLimit.defaults();
        String fits = "x".repeat(65_536 - 3);
        assertThatCode(() -> limit.check(TYPE, fits)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limit.check(TYPE, fits + "x")).isInstanceOf(RejectedException.class);
    }

    @Test
    void multibyteCharactersCountAsTheirUtf8Bytes() {
        // 5 chars but 10 bytes: with the type that is 11 bytes, over a limit of 10
        assertThatThrownBy(() -> new EventSizeLimit(10).check(EventType.of("t"), "\u00e9\u00e9\u00e9\u00e9\u00e9"))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
        assertThatCode(() -> new EventSizeLimit(11).check(EventType.of("t"), "\u00e9\u00e9\u00e9\u00e9\u00e9"))
                .doesNotThrowAnyException();

        // 3-byte CJK: "\"日本\"" = 1 + 3 + 3 + 1 = 8 bytes, 4 chars
        assertThatCode(() -> new EventSizeLimit(3 + 8).check(TYPE, "\"\u65e5\u672c\"")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new EventSizeLimit(3 + 7).check(TYPE, "\"\u65e5\u672c\""))
                .isInstanceOf(RejectedException.class);

        // an emoji is 2 chars but 4 bytes (not 6 as two separate 3-byte units)
        assertThatCode(() -> new EventSizeLimit(3 + 4).check(TYPE, "\ud83d\ude00")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new EventSizeLimit(3 + 3).check(TYPE, "\ud83d\ude00"))
                .isInstanceOf(RejectedException.class);
    }

    @Test
    void loneSurrogateIsCountedConservativelyAsThreeBytes() {
        assertThatCode(() -> new EventSizeLimit(3 + 3).check(TYPE, "\ud800")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new EventSizeLimit(3 + 2).check(TYPE, "\ud800"))
                .isInstanceOf(RejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveLimitIsAConfigurationError(int maxBytes) {
        assertThatThrownBy(() -> new EventSizeLimit(maxBytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyRejectsExactlyWhenTheEncodedSizeIsOverTheLimit() {
        qt().withExamples(1000)
                .forAll(lists().of(oneOf(integers().between(0x20, 0x7E), integers().between(0x80, 0x7FF),
                                        integers().between(0x800, 0xD7FF), integers().between(0x10000, 0x10FFFF)))
                                .ofSizeBetween(0, 30)
                                .map(cps -> {
                                    StringBuilder sb = new StringBuilder();
                                    cps.forEach(sb::appendCodePoint);
                                    return sb.toString();
                                }),
                        integers().between(1, 140))
                .checkAssert((payload, max) -> {
                    int size = TYPE.value().getBytes(UTF_8).length + payload.getBytes(UTF_8).length;
                    boolean rejected;
                    try {
                        new EventSizeLimit(max).check(TYPE, payload);
                        rejected = false;
                    } catch (RejectedException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                        rejected = true;
                    }
                    assertThat(rejected).as("size %d, limit %d", size, max).isEqualTo(size > max);
                });
    }
}
