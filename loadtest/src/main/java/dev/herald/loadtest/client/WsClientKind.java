package dev.herald.loadtest.client;

import dev.herald.loadtest.config.ConfigException;

import java.util.Locale;

/** Setting {@code wsClient}: the harness' WebSocket client. */
public enum WsClientKind {
    /** The lean client (java.nio, a few event-loop threads); ws:// only. */
    NIO,
    /** The JDK's java.net.http client: heavier, but it speaks wss:// too. */
    JDK;

    public static WsClientKind parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "nio" -> NIO;
            case "jdk" -> JDK;
            default -> throw new ConfigException("wsClient must be nio or jdk, got \"" + value + "\"");
        };
    }
}
