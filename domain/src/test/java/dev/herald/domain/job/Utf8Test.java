package dev.herald.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@link Utf8#length} is what the event size limit is measured with, so it must never
 * under-count the bytes that go on the wire.
 *
 * <p>Lone surrogates: {@code String.getBytes(UTF_8)} replaces each unpaired surrogate with
 * {@code '?'} (1 byte), whereas {@code Utf8.length} counts 3 bytes for it, which is exactly the
 * size of U+FFFD, the replacement a strict UTF-8 writer emits instead. For a size LIMIT the
 * over-estimate is the right side to err on (it can only reject, never let an over-size event
 * through), so the tests pin: equal to {@code getBytes} on well-formed text, and equal to the
 * "U+FFFD for every unpaired surrogate" encoding (hence {@code >= getBytes}) on any text.
 */
class Utf8Test {

    /** Valid code points, each UTF-8 length class equally likely (uniform would be mostly 4-byte). */
    private static final Gen<Integer> VALID_CODE_POINT = oneOf(
            integers().between(0, 0x7F),
            integers().between(0x80, 0x7FF),
            integers().between(0x800, 0xD7FF),
            integers().between(0xE000, 0xFFFF),
            integers().between(0x10000, 0x10FFFF));

    /** Raw UTF-16 units, surrogates included, so pairs, lone halves and reversed pairs all occur. */
    private static final Gen<Integer> ANY_CHAR = oneOf(
            integers().between(0, 0x7F),
            integers().between(0x80, 0x7FF),
            integers().between(0x800, 0xFFFF),
            integers().between(0xD800, 0xDBFF),
            integers().between(0xDC00, 0xDFFF));

    private static final Gen<String> WELL_FORMED = lists().of(VALID_CODE_POINT).ofSizeBetween(0, 40).map(cps -> {
        StringBuilder sb = new StringBuilder();
        cps.forEach(sb::appendCodePoint);
        return sb.toString();
    }).describedAs(Utf8Test::escape);

    private static final Gen<String> ANY_UTF16 = lists().of(ANY_CHAR).ofSizeBetween(0, 40).map(units -> {
        StringBuilder sb = new StringBuilder();
        units.forEach(u -> sb.append((char) u.intValue()));
        return sb.toString();
    }).describedAs(Utf8Test::escape);

    @ParameterizedTest(name = "U+{0} -> {1} bytes")
    @CsvSource({
            "0, 1", "41, 1", "7F, 1",
            "80, 2", "E9, 2", "7FF, 2",
            "800, 3", "65E5, 3", "D7FF, 3", "E000, 3", "FFFD, 3", "FFFF, 3",
            "10000, 4", "1F600, 4", "10FFFF, 4"})
    void lengthClassBoundaries(String hex, int bytes) {
        String s = new String(Character.toChars(Integer.parseInt(hex, 16)));
        assertThat(Utf8.length(s)).isEqualTo(bytes).isEqualTo(s.getBytes(UTF_8).length);
    }

    @Test
    void emptyAndMixedExamples() {
        assertThat(Utf8.length("")).isZero();
        assertThat(Utf8.length("{\"a\":1}")).isEqualTo(7);
        assertThat(Utf8.length("h\u00e9llo \u65e5\u672c \ud83d\ude00")).isEqualTo(1 + 2 + 3 + 1 + 3 + 3 + 1 + 4);
        assertThat(Utf8.length(new StringBuilder("\u00e9\u00e9"))).isEqualTo(4); // any CharSequence
    }

    @Test
    void surrogatePairCountsFourBytesNotTwoTimesThree() {
        assertThat(Utf8.length("\ud83d\ude00")).isEqualTo(4);
        assertThat(Utf8.length("\ud83d\ude00\ud83d\ude00")).isEqualTo(8);
    }

    @Test
    void loneSurrogatesCountAsTheThreeByteReplacementCharacter() {
        // getBytes writes '?' (1 byte) for each of these; the limit counts the safe 3 bytes
        assertThat(Utf8.length("\ud800")).isEqualTo(3);
        assertThat("\ud800".getBytes(UTF_8)).hasSize(1);
        assertThat(Utf8.length("\udc00")).isEqualTo(3);
        assertThat(Utf8.length("a\ud83d")).isEqualTo(4);              // high surrogate at the end
        assertThat(Utf8.length("\ude00\ud83d")).isEqualTo(6);          // reversed pair = two lone halves
        assertThat(Utf8.length("\ud83d\ud83d\ude00")).isEqualTo(3 + 4); // lone high, then a pair
        assertThat(Utf8.length("\ud83dx\ude00")).isEqualTo(3 + 1 + 3);  // halves split by a char
    }

    @Test
    void propertyEqualsGetBytesOnWellFormedText() {
        qt().withExamples(2000).forAll(WELL_FORMED)
                .checkAssert(s -> assertThat(Utf8.length(s)).isEqualTo(s.getBytes(UTF_8).length));
    }

    @Test
    void propertyNeverUnderCountsAndMatchesReplacementEncodingOnAnyText() {
        qt().withExamples(2000).forAll(ANY_UTF16).checkAssert(s -> {
            long length = Utf8.length(s);
            assertThat(length).isGreaterThanOrEqualTo(s.getBytes(UTF_8).length);
            assertThat(length).isEqualTo(encodeReplacingWithFffd(s));
            assertThat(length).isEqualTo(s.getBytes(UTF_8).length + 2L * unpairedSurrogates(s));
        });
    }

    @Test
    void propertyIsAdditiveOverConcatenationOfWellFormedParts() {
        qt().withExamples(500).forAll(WELL_FORMED, WELL_FORMED)
                .checkAssert((a, b) -> assertThat(Utf8.length(a + b)).isEqualTo(Utf8.length(a) + Utf8.length(b)));
    }

    /** An independent oracle: a strict encoder that writes EF BF BD for every malformed unit. */
    private static long encodeReplacingWithFffd(String s) {
        CharsetEncoder encoder = UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        try {
            ByteBuffer out = encoder.encode(CharBuffer.wrap(s));
            return out.remaining();
        } catch (CharacterCodingException e) {
            throw new AssertionError(e);
        }
    }

    private static int unpairedSurrogates(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                count++;
            }
        }
        return count;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void oracleSanity() {
        // guards the oracle itself, so a broken oracle cannot make the property vacuous
        assertThat(encodeReplacingWithFffd("\ud800")).isEqualTo(3);
        assertThat(encodeReplacingWithFffd("\ud83d\ude00")).isEqualTo(4);
        assertThat(unpairedSurrogates("\ud83d\ud83d\ude00\udc00")).isEqualTo(2);
        assertThat(List.of(escape("\u00e9a"))).containsExactly("\"\\u00e9a\"");
    }
}
