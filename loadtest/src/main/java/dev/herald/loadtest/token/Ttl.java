package dev.herald.loadtest.token;

import dev.herald.loadtest.config.ConfigException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a time to live: {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, {@code 500ms} or ISO-8601 ({@code PT1H}). */
public final class Ttl {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Ttl() {
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase();
        Matcher m = SHORT.matcher(value);
        Duration duration;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                duration = Duration.parse(text.trim().toUpperCase());
            } catch (DateTimeParseException e) {
                throw new ConfigException("cannot read the duration \"" + text + "\"; use e.g. 90s, 15m, 1h, 7d or PT1H");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException("a duration must be positive: \"" + text + "\"");
        }
        return duration;
    }
}
