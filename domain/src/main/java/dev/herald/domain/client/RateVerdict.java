package dev.herald.domain.client;

/** What to do with one inbound message, as decided by an {@link InboundRateMeter}. */
public enum RateVerdict {
    /** Within the limit: handle it. */
    ALLOW,
    /** First message over the limit in this window: drop it and tell the client ({@code RATE_LIMITED}). */
    WARN,
    /** Over the limit, client already warned this window: drop it silently (no reply amplification). */
    DROP,
    /** Sustained flood: close the connection ({@code RATE_LIMITED}, close 4429). */
    CUT_OFF
}
