package dev.herald.domain.job;

/**
 * UTF-8 length of a string without encoding it (sizes are checked on every publish). A lone
 * surrogate counts 3 bytes, what a strict encoder writes in its place (U+FFFD): for a size limit,
 * counting high is the safe side.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
