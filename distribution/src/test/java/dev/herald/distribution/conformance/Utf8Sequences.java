package dev.herald.distribution.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UTF-8 sequences of Autobahn's cases 6.5 to 6.23 (autobahntestsuite/case/case6_x_x.py, after
 * Markus Kuhn's UTF-8 decoder stress test), in Autobahn's order, so the n-th sequence of group g is
 * case 6.g.n. Validity is Autobahn's label, not computed, except for the prefixes of 6.6 where
 * Autobahn computes it too.
 */
final class Utf8Sequences {

    record Sequence(String caseId, boolean valid, byte[] bytes) {
    }

    /** κόσμε */
    static final byte[] KOSME = Frames.bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5);

    private Utf8Sequences() {
    }

    static List<Sequence> all() {
        List<List<Object[]>> groups = new ArrayList<>();
        groups.add(List.of(valid(ascii("hello$world")), valid(join(ascii("hello"), Frames.bytes(0xc2, 0xa2), ascii("world"))),
                valid(join(ascii("hello"), Frames.bytes(0xe2, 0x82, 0xac), ascii("world"))),
                valid(join(ascii("hello"), Frames.bytes(0xf0, 0xa4, 0xad, 0xa2), ascii("world"))), valid(KOSME)));
        List<Object[]> prefixes = new ArrayList<>();
        for (int i = 1; i <= KOSME.length; i++) {
            byte[] prefix = Arrays.copyOf(KOSME, i);
            prefixes.add(new Object[]{isUtf8(prefix), prefix});
        }
        groups.add(prefixes);
        groups.add(List.of(valid(0x00), valid(0xc2, 0x80), valid(0xe0, 0xa0, 0x80), valid(0xf0, 0x90, 0x80, 0x80)));
        groups.add(List.of(invalid(0xf8, 0x88, 0x80, 0x80, 0x80), invalid(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80)));
        groups.add(List.of(valid(0x7f), valid(0xdf, 0xbf), valid(0xef, 0xbf, 0xbf), valid(0xf4, 0x8f, 0xbf, 0xbf)));
        groups.add(List.of(invalid(0xf7, 0xbf, 0xbf, 0xbf), invalid(0xfb, 0xbf, 0xbf, 0xbf, 0xbf),
                invalid(0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf)));
        groups.add(List.of(valid(0xed, 0x9f, 0xbf), valid(0xee, 0x80, 0x80), valid(0xef, 0xbf, 0xbd),
                valid(0xf4, 0x8f, 0xbf, 0xbf), invalid(0xf4, 0x90, 0x80, 0x80)));
        byte[] continuations = new byte[0xbf - 0x80];
        for (int i = 0; i < continuations.length; i++) {
            continuations[i] = (byte) (0x80 + i);
        }
        groups.add(List.of(invalid(0x80), invalid(0xbf), invalid(0x80, 0xbf), invalid(0x80, 0xbf, 0x80),
                invalid(0x80, 0xbf, 0x80, 0xbf), invalid(0x80, 0xbf, 0x80, 0xbf, 0x80),
                invalid(0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf), new Object[]{false, continuations}));
        List<Object[]> lonely = new ArrayList<>();
        for (int[] range : new int[][]{{0xc0, 0xdf}, {0xe0, 0xef}, {0xf0, 0xf7}, {0xf8, 0xfb}, {0xfc, 0xfd}}) {
            byte[] starts = new byte[2 * (range[1] - range[0])];
            for (int i = range[0]; i < range[1]; i++) {
                starts[2 * (i - range[0])] = (byte) i;
                starts[2 * (i - range[0]) + 1] = 0x20;
            }
            lonely.add(new Object[]{false, starts});
        }
        groups.add(lonely);
        List<Object[]> missingLast = List.of(invalid(0xc0), invalid(0xe0, 0x80), invalid(0xf0, 0x80, 0x80),
                invalid(0xf8, 0x80, 0x80, 0x80), invalid(0xfc, 0x80, 0x80, 0x80, 0x80), invalid(0xdf),
                invalid(0xef, 0xbf), invalid(0xf7, 0xbf, 0xbf), invalid(0xfb, 0xbf, 0xbf, 0xbf),
                invalid(0xfd, 0xbf, 0xbf, 0xbf, 0xbf));
        groups.add(missingLast);
        groups.add(List.<Object[]>of(new Object[]{false, join(missingLast.stream().map(o -> (byte[]) o[1]).toArray(byte[][]::new))}));
        groups.add(List.of(invalid(0xfe), invalid(0xff), invalid(0xfe, 0xfe, 0xff, 0xff)));
        groups.add(List.of(invalid(0xc0, 0xaf), invalid(0xe0, 0x80, 0xaf), invalid(0xf0, 0x80, 0x80, 0xaf),
                invalid(0xf8, 0x80, 0x80, 0x80, 0xaf), invalid(0xfc, 0x80, 0x80, 0x80, 0x80, 0xaf)));
        groups.add(List.of(invalid(0xc1, 0xbf), invalid(0xe0, 0x9f, 0xbf), invalid(0xf0, 0x8f, 0xbf, 0xbf),
                invalid(0xf8, 0x87, 0xbf, 0xbf, 0xbf), invalid(0xfc, 0x83, 0xbf, 0xbf, 0xbf, 0xbf)));
        groups.add(List.of(invalid(0xc0, 0x80), invalid(0xe0, 0x80, 0x80), invalid(0xf0, 0x80, 0x80, 0x80),
                invalid(0xf8, 0x80, 0x80, 0x80, 0x80), invalid(0xfc, 0x80, 0x80, 0x80, 0x80, 0x80)));
        groups.add(List.of(invalid(0xed, 0xa0, 0x80), invalid(0xed, 0xad, 0xbf), invalid(0xed, 0xae, 0x80),
                invalid(0xed, 0xaf, 0xbf), invalid(0xed, 0xb0, 0x80), invalid(0xed, 0xbe, 0x80), invalid(0xed, 0xbf, 0xbf)));
        groups.add(List.of(invalid(0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80), invalid(0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf),
                invalid(0xed, 0xad, 0xbf, 0xed, 0xb0, 0x80), invalid(0xed, 0xad, 0xbf, 0xed, 0xbf, 0xbf),
                invalid(0xed, 0xae, 0x80, 0xed, 0xb0, 0x80), invalid(0xed, 0xae, 0x80, 0xed, 0xbf, 0xbf),
                invalid(0xed, 0xaf, 0xbf, 0xed, 0xb0, 0x80), invalid(0xed, 0xaf, 0xbf, 0xed, 0xbf, 0xbf)));
        List<Object[]> nonCharacters = new ArrayList<>(List.of(valid(0xef, 0xbf, 0xbe), valid(0xef, 0xbf, 0xbf)));
        for (int z1 : new int[]{0xf0, 0xf1, 0xf2, 0xf3, 0xf4}) {
            for (int z2 : new int[]{0x8f, 0x9f, 0xaf, 0xbf}) {
                if (z1 == 0xf4 && z2 != 0x8f) {
                    continue; // beyond U+10FFFF
                }
                for (int z3 : new int[]{0xbe, 0xbf}) {
                    if (z1 == 0xf0 && z2 == 0x8f) {
                        continue; // overlong
                    }
                    nonCharacters.add(valid(z1, z2, 0xbf, z3));
                }
            }
        }
        groups.add(nonCharacters);
        groups.add(List.of(valid(0xef, 0xbf, 0xb9), valid(0xef, 0xbf, 0xba), valid(0xef, 0xbf, 0xbb), valid(0xef, 0xbf, 0xbc),
                valid(0xef, 0xbf, 0xbd), valid(0xef, 0xbf, 0xbe), valid(0xef, 0xbf, 0xbf)));

        List<Sequence> all = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Object[]> group = groups.get(g);
            for (int n = 0; n < group.size(); n++) {
                all.add(new Sequence("6." + (g + 5) + "." + (n + 1), (Boolean) group.get(n)[0], (byte[]) group.get(n)[1]));
            }
        }
        return all;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Object[] valid(byte[] bytes) {
        return new Object[]{true, bytes};
    }

    private static Object[] valid(int... bytes) {
        return new Object[]{true, Frames.bytes(bytes)};
    }

    private static Object[] invalid(int... bytes) {
        return new Object[]{false, Frames.bytes(bytes)};
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] join(byte[]... parts) {
        return Frames.concat(parts);
    }
}
