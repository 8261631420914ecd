package dev.herald.domain.job;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;

/** The one rule job ids and event types share: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
final class Identifier {

    static final int MAX_LENGTH = 128;

    private Identifier() {
    }

    static String require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, field + " is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new RejectedException(ErrorCode.BAD_REQUEST,
                    field + " must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                throw new RejectedException(ErrorCode.BAD_REQUEST,
                        field + " may contain only letters, digits and . _ : -");
            }
        }
        return value;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }
}
