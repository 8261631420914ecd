package dev.herald.domain.error;

import java.util.Objects;

/** A policy's "no": the contract code and a human message for the client. */
public record Rejection(ErrorCode code, String message) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(ErrorCode code, String message) {
        return new Rejection(code, message);
    }
}
