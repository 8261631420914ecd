package dev.herald.domain.job;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;

/** Upper bound on one event: its type plus its serialized payload, in UTF-8 bytes. */
public record EventSizeLimit(int maxBytes) {

    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    public EventSizeLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    public static EventSizeLimit defaults() {
        return new EventSizeLimit(DEFAULT_MAX_BYTES);
    }

    /** @throws RejectedException with {@code MESSAGE_TOO_LARGE} when the event is over the limit */
    public void check(EventType type, String payload) {
        long size = Utf8.length(type.value()) + Utf8.length(payload);
        if (size > maxBytes) {
            throw new RejectedException(ErrorCode.MESSAGE_TOO_LARGE,
                    "Event is " + size + " bytes; the limit is " + maxBytes);
        }
    }
}
