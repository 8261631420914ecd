package dev.herald.adapter.websocket.connection;

import java.io.IOException;

/** A write waited longer than the write timeout for its client to read: a slow consumer. */
public final class WriteTimeoutException extends IOException {

    public WriteTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
