package dev.herald.application.port.in;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;

import java.util.Objects;

/** The optional {@code id} a client puts on a request; every reply echoes it. At most 64 characters. */
public record RequestId(String value) {

    public static final int MAX_LENGTH = 64;

    public RequestId {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "id must be at most " + MAX_LENGTH + " characters");
        }
    }
}
