package dev.herald.domain.error;

import java.util.OptionalInt;

/**
 * The stable error codes of the wire contract. Each says whether the connection survives it and,
 * when it does not, the WebSocket close code the client sees after the {@code error} frame.
 */
public enum ErrorCode {
    BAD_REQUEST(0),
    MESSAGE_TOO_LARGE(1009),
    UNAUTHORIZED(4401),
    FORBIDDEN(0),
    ORIGIN_NOT_ALLOWED(4403),
    CONNECTION_LIMIT(4429),
    ORIGIN_LIMIT(4429),
    IP_LIMIT(4429),
    SUBSCRIPTION_LIMIT(0),
    /** Stays open the first time; a sustained flood closes with {@link #SUSTAINED_RATE_LIMIT_CLOSE}. */
    RATE_LIMITED(0),
    IDLE_TIMEOUT(4408),
    SLOW_CONSUMER(4409),
    STORE_UNAVAILABLE(0),
    SHUTTING_DOWN(1001),
    /** The connection's token expired: it stays open for the grace period, waiting for a refresh. */
    TOKEN_EXPIRED(0),
    /** Maintenance mode is on: a new connection is closed 1013 (try again later), a publish refused (503). */
    MAINTENANCE(1013),
    /** An operator closed this connection. */
    DISCONNECTED(4410),
    /** An operator revoked this connection's user: its tokens issued before then are refused. */
    REVOKED(4401),
    /** REST only: the job has no events. */
    NOT_FOUND(0),
    /** REST only: an Idempotency-Key used before for the job with a different body (409). */
    IDEMPOTENCY_KEY_REUSED(0);

    /** Close code used when a client keeps flooding after its {@link #RATE_LIMITED} warning. */
    public static final int SUSTAINED_RATE_LIMIT_CLOSE = 4429;

    private final int closeCode;

    ErrorCode(int closeCode) {
        this.closeCode = closeCode;
    }

    /** The close code that follows this error, or empty when the connection stays open. */
    public OptionalInt closeCode() {
        return closeCode == 0 ? OptionalInt.empty() : OptionalInt.of(closeCode);
    }

    public boolean closesConnection() {
        return closeCode != 0;
    }
}
