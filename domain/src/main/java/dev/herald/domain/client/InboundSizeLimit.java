package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;

import java.util.Optional;

/** Largest inbound frame a client may send, in bytes. */
public record InboundSizeLimit(int maxBytes) {

    public static final int DEFAULT_MAX_BYTES = 16 * 1024;

    public InboundSizeLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("inbound frame limit must be positive");
        }
    }

    public Optional<Rejection> check(long frameBytes) {
        if (frameBytes <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(ErrorCode.MESSAGE_TOO_LARGE,
                "Message too large: the limit is " + maxBytes + " bytes"));
    }
}
