package dev.herald.bootstrap;

import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to Herald's settings. Each setting has one property name (environment variable by
 * the usual MicroProfile mapping) and, where operators already know one, a second name: the seed
 * deployments' environment variables ({@code SOCKET_MAX_CONNECTIONS}, {@code MONGODB_URI}, ...).
 * The property name wins when both are set. A value that does not parse stops the start with a
 * message naming the setting.
 */
public final class HeraldConfig {

    private final Config config;

    public HeraldConfig(Config config) {
        this.config = config;
    }

    public Optional<String> string(Setting setting) {
        return source(setting).flatMap(this::raw);
    }

    /** The name {@code setting}'s value comes from: its property, one of its aliases, or empty when unset. */
    public Optional<String> source(Setting setting) {
        if (raw(setting.property()).isPresent()) {
            return Optional.of(setting.property());
        }
        return setting.aliases().stream().filter(alias -> raw(alias).isPresent()).findFirst();
    }

    /** A value by its full name, for settings whose names are made from other values (namespace options). */
    Optional<String> value(String name) {
        return raw(name);
    }

    /** Every name the configuration sources define, to find misspelt names of a family. */
    Iterable<String> names() {
        return config.getPropertyNames();
    }

    /** The value, else the setting's default ({@link Setting#defaultValue()}). */
    public String text(Setting setting) {
        return string(setting).orElseGet(() -> defaultOf(setting));
    }

    /** An integer of at least {@code min}, else the setting's default. */
    public long number(Setting setting, long min) {
        return numberOr(setting, () -> Long.parseLong(defaultOf(setting)), min, Long.MAX_VALUE);
    }

    public int integer(Setting setting, int min) {
        return integerBetween(setting, min, Integer.MAX_VALUE);
    }

    /** Named apart from {@link #integer(Setting, int)}, so that no call can mistake its bounds for a fallback. */
    public int integerBetween(Setting setting, int min, int max) {
        return (int) numberOr(setting, () -> Long.parseLong(defaultOf(setting)), min, max);
    }

    /**
     * For a setting whose default is computed (it has none in {@link Setting}): the value, else
     * {@code computed}.
     */
    public int integerOr(Setting setting, int computed, int min) {
        requireNoDefault(setting);
        return (int) numberOr(setting, () -> computed, min, Integer.MAX_VALUE);
    }

    /** A default is not checked against the bounds: a computed one may be raised by its reader. */
    private long numberOr(Setting setting, java.util.function.LongSupplier fallback, long min, long max) {
        Optional<String> value = string(setting);
        if (value.isEmpty()) {
            return fallback.getAsLong();
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw invalid(setting, value.get(), "an integer");
        }
        if (parsed < min) {
            throw invalid(setting, value.get(), "an integer >= " + min);
        }
        if (parsed > max) {
            throw invalid(setting, value.get(), "an integer between " + min + " and " + max);
        }
        return parsed;
    }

    /** Runs {@code build}; a value it refuses stops the start with a message naming {@code settings}. */
    public static <T> T building(String settings, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            // validation in the domain and the adapters speaks of values; this names the setting too
            if (e.getMessage() != null && e.getMessage().startsWith("Invalid configuration")) {
                throw e;
            }
            throw new IllegalStateException("Invalid configuration: " + settings + ": " + e.getMessage(), e);
        }
    }

    public Duration millis(Setting setting, long minMillis) {
        return Duration.ofMillis(number(setting, minMillis));
    }

    /** An ISO-8601 duration ({@code PT24H}, {@code P30D}) of at least {@code min}, else the setting's default. */
    public Duration duration(Setting setting, Duration min) {
        return durationIfSet(setting, min).orElseGet(() -> Duration.parse(defaultOf(setting)));
    }

    /** For a setting without a default: an ISO-8601 duration of at least {@code min}, or empty when unset. */
    public Optional<Duration> durationIfSet(Setting setting, Duration min) {
        Optional<String> value = string(setting);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.get());
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(setting, value.get(), "an ISO-8601 duration such as PT24H or P30D");
        }
        if (parsed.compareTo(min) < 0) {
            throw invalid(setting, value.get(), "a duration of at least " + min);
        }
        return Optional.of(parsed);
    }

    /** {@code true} or {@code false} (any case); anything else stops the start. Unset: the default. */
    public boolean flag(Setting setting) {
        String value = text(setting);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(setting, value, "true or false");
    }

    public List<String> list(Setting setting) {
        return string(setting).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** One of {@code type}'s constants, written in lower case with {@code -} for {@code _}; unset: the default. */
    public <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
        String value = text(setting);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace('_', '-').equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw invalid(setting, value, "one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase().replace('_', '-')).toList());
    }

    private static String defaultOf(Setting setting) {
        return setting.defaultValue().orElseThrow(() -> new IllegalStateException(setting.property()
                + " has no default in Setting: read it with string(), or with a computed fallback"));
    }

    /** One source of defaults: a fallback given by a reader is for settings that have none in Setting. */
    private static void requireNoDefault(Setting setting) {
        if (setting.defaultValue().isPresent()) {
            throw new IllegalStateException(setting.property() + " has its default in Setting: read it without one");
        }
    }

    /** A name set to blanks counts as unset, so it does not hide the other name. */
    private Optional<String> raw(String name) {
        return config.getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private IllegalStateException invalid(Setting setting, String value, String expected) {
        String shown = setting.secret() ? "(hidden)" : "\"" + value + "\"";
        // name the alias the operator actually set, not every alias the setting has
        String name = source(setting).filter(used -> !used.equals(setting.property()))
                .map(used -> setting.property() + " (" + used + ")").orElse(setting.property());
        return new IllegalStateException("Invalid configuration: " + name + " is " + shown + ", expected " + expected);
    }
}
