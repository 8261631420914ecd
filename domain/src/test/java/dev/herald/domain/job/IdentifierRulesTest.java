package dev.herald.domain.job;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The identifier rule of the contract, shared by {@link JobId} and {@link EventType}: 1 to 128
 * characters of {@code [A-Za-z0-9._:-]}, anything else {@code BAD_REQUEST}. Every test runs for
 * both types.
 */
class IdentifierRulesTest {

    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    /** Both identifier types, each as "build one from a string and give back its value". */
    static Stream<Arguments> kinds() {
        Function<String, String> jobId = s -> JobId.of(s).value();
        Function<String, String> eventType = s -> EventType.of(s).value();
        return Stream.of(Arguments.of("jobId", jobId), Arguments.of("eventType", eventType));
    }

    /** Forbidden characters, one per class the brief names plus a few look-alikes. */
    static Stream<String> forbiddenChars() {
        return Stream.of(
                " ", "\u00a0", "\t",                      // whitespace (incl. no-break space)
                "/", "\\",                                // slashes
                "#", "?", "&", "%", "+", "*", "@", "=", ",", ";", "!", "$", "'", "\"", "<", ">",
                "[", "]", "{", "}", "(", ")", "|", "~", "`", "^",
                "\u00e9", "\u65e5", "\u0130", "\uff21",   // unicode letters (é, 日, İ, fullwidth A)
                "\ud83d\ude00",                           // a supplementary char (surrogate pair)
                "\ud800",                                 // a lone surrogate
                "\u0000", "\n", "\r", "\u001f", "\u007f", "\u0085", "\u200b" // control / invisible
        );
    }

    static Stream<Arguments> kindsTimesForbidden() {
        return kinds().flatMap(kind -> forbiddenChars().map(bad -> Arguments.of(kind.get()[0], kind.get()[1], bad)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void acceptsEveryAllowedCharacterClass(String field, Function<String, String> make) {
        assertThat(make.apply("a")).isEqualTo("a");
        assertThat(make.apply(ALPHABET)).isEqualTo(ALPHABET);
        assertThat(make.apply("generation.chapter.started")).isEqualTo("generation.chapter.started");
        assertThat(make.apply("job:2026-01-02_03.04")).isEqualTo("job:2026-01-02_03.04");
        assertThat(make.apply("-")).isEqualTo("-");
        assertThat(make.apply("...")).isEqualTo("...");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void lengthBoundaryIs128Characters(String field, Function<String, String> make) {
        String max = "a".repeat(128);
        assertThat(make.apply(max)).isEqualTo(max);
        assertThat(make.apply("9".repeat(127))).hasSize(127);

        assertBadRequest(make, "a".repeat(129));
        assertBadRequest(make, "a".repeat(10_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void nullAndEmptyAreBadRequestNotNullPointer(String field, Function<String, String> make) {
        assertBadRequest(make, null);
        assertBadRequest(make, "");
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("kindsTimesForbidden")
    void forbiddenCharacterIsRejectedAtAnyPosition(String field, Function<String, String> make, String bad) {
        assertBadRequest(make, bad);
        assertBadRequest(make, bad + "abc");
        assertBadRequest(make, "ab" + bad + "c");
        assertBadRequest(make, "abc" + bad);
        // a forbidden char must not slip through because the rest is at the length limit
        assertBadRequest(make, "a".repeat(128 - bad.length()) + bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everySingleBmpCharIsAcceptedExactlyWhenInTheAlphabet(String field, Function<String, String> make) {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String s = String.valueOf(c);
            if (ALPHABET.indexOf(c) >= 0) {
                assertThat(make.apply(s)).isEqualTo(s);
            } else {
                try {
                    make.apply(s);
                    throw new AssertionError(field + " accepted forbidden char U+" + Integer.toHexString(c));
                } catch (RejectedException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                }
            }
        }
        assertBadRequest(make, String.valueOf(Character.MAX_VALUE));
    }

    @Test
    void anyStringOverTheAlphabetOfLength1To128IsAcceptedVerbatim() {
        qt().withExamples(500)
                .forAll(lists().of(integers().between(0, ALPHABET.length() - 1)).ofSizeBetween(1, 128))
                .checkAssert(indexes -> {
                    StringBuilder sb = new StringBuilder();
                    indexes.forEach(i -> sb.append(ALPHABET.charAt(i)));
                    String s = sb.toString();
                    assertThat(JobId.of(s).value()).isEqualTo(s);
                    assertThat(EventType.of(s).value()).isEqualTo(s);
                    assertThat(new JobId(s)).isEqualTo(JobId.of(s)).hasToString(s);
                    assertThat(new EventType(s)).isEqualTo(EventType.of(s)).hasToString(s);
                });
    }

    @Test
    void messagesNameTheField() {
        assertThatThrownBy(() -> JobId.of("a b")).hasMessageContaining("jobId");
        assertThatThrownBy(() -> EventType.of("")).hasMessageContaining("eventType");
        assertThatThrownBy(() -> JobId.of("x".repeat(129))).hasMessageContaining("jobId").hasMessageContaining("128");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a/b", "job#1"})
    void constructorAndFactoryAgree(String bad) {
        assertThatThrownBy(() -> new JobId(bad)).isInstanceOf(RejectedException.class);
        assertThatThrownBy(() -> new EventType(bad)).isInstanceOf(RejectedException.class);
    }

    @Test
    void jobIdsOrderByValue() {
        assertThat(JobId.of("a")).isLessThan(JobId.of("b"));
        assertThat(JobId.of("job-10")).isLessThan(JobId.of("job-9"));
        assertThat(JobId.of("x").compareTo(JobId.of("x"))).isZero();
    }

    private static void assertBadRequest(Function<String, String> make, String value) {
        assertThatThrownBy(() -> make.apply(value))
                .as("value %s", value == null ? "null" : "'" + value.replace("\u0000", "\\0") + "'")
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
