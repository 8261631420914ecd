package dev.herald.loadtest.client;

import java.io.IOException;

/** The server did not accept the WebSocket upgrade: its HTTP status, or a 101 that does not check out. */
public final class WsHandshakeException extends IOException {

    private final int status;

    WsHandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the server answered (101 when the upgrade headers were wrong). */
    public int status() {
        return status;
    }
}
