package dev.herald.adapter.websocket.upgrade;

/**
 * {@code permessage-deflate} on the {@code servlet-upgrade} transport: whether a client's offer is
 * accepted ({@code herald.socket.compression}, off by default) and the size a text frame must
 * exceed to go out compressed ({@code herald.socket.compression-threshold-bytes}): below about a
 * kilobyte, compressing costs more CPU than the bytes it saves are worth.
 */
public record CompressionSettings(boolean enabled, int thresholdBytes) {

    public static final int DEFAULT_THRESHOLD_BYTES = 1024;
    public static final CompressionSettings OFF = new CompressionSettings(false, DEFAULT_THRESHOLD_BYTES);

    public CompressionSettings {
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("the compression threshold must be >= 0 bytes, not " + thresholdBytes);
        }
    }
}
