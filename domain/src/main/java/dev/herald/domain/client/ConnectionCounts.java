package dev.herald.domain.client;

/** Connections already open, gateway-wide and for the newcomer's origin and address. */
public record ConnectionCounts(int total, int forOrigin, int forAddress) {
}
