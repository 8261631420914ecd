package dev.herald.domain.operator;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Maintenance mode, the seed runbooks' circuit breaker: while it is on, new connections and
 * publishes are refused and connected clients stay. A value, the same on every instance of a
 * cluster.
 *
 * @param enabled whether it is on
 * @param since   when the current state began (empty for the state an instance started in, off)
 * @param message what the operator told the clients (only while on)
 */
public record Maintenance(boolean enabled, Optional<Instant> since, Optional<String> message) {

    /** Longest operator message (characters): it goes into every refusal. */
    public static final int MAX_MESSAGE_LENGTH = 500;
    /** What a refused publisher is told to wait before it tries again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final String DEFAULT_MESSAGE = "The gateway is in maintenance; try again later";

    public Maintenance {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(message, "message");
        message = message.map(String::strip).filter(m -> !m.isEmpty());
        if (message.isPresent() && message.get().length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("message longer than " + MAX_MESSAGE_LENGTH + " characters");
        }
        if (!enabled) {
            message = Optional.empty();
        }
    }

    /** Off, as an instance starts unless configured otherwise. */
    public static Maintenance off() {
        return new Maintenance(false, Optional.empty(), Optional.empty());
    }

    /**
     * The state an operator's switch leaves. Switching on what is already on keeps its
     * {@code since} (the maintenance goes on) and takes the new message; any other change starts
     * now.
     */
    public Maintenance switchTo(boolean on, Optional<String> newMessage, Instant now) {
        Objects.requireNonNull(newMessage, "newMessage");
        Objects.requireNonNull(now, "now");
        if (on && enabled) {
            return new Maintenance(true, since, newMessage);
        }
        if (!on && !enabled) {
            return this;
        }
        return new Maintenance(on, Optional.of(now), on ? newMessage : Optional.empty());
    }

    /** What a refused connection or publish is told. */
    public Rejection rejection() {
        return Rejection.of(ErrorCode.MAINTENANCE, message.map(m -> "Maintenance: " + m).orElse(DEFAULT_MESSAGE));
    }
}
