package dev.herald.adapter.websocket;

import java.io.IOException;

/** A write waited longer than the write timeout for its client to read: a slow consumer. */
final class WriteTimeoutException extends IOException {

    WriteTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
