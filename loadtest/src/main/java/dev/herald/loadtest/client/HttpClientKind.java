package dev.herald.loadtest.client;

import dev.herald.loadtest.config.ConfigException;

import java.util.Locale;

/** Setting {@code httpClient}: what publishes events. */
public enum HttpClientKind {
    /** Plain HTTP/1.1 over a pool of keep-alive sockets; http:// only. */
    RAW,
    /** The JDK's java.net.http client: heavier, but it speaks https:// too. */
    JDK;

    public static HttpClientKind parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "raw" -> RAW;
            case "jdk" -> JDK;
            default -> throw new ConfigException("httpClient must be raw or jdk, got \"" + value + "\"");
        };
    }
}
