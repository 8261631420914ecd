package dev.herald.application.port.out;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobId;

import java.time.Instant;

/**
 * What the gateway reports as it works, for metrics. Every method has an empty default so an
 * implementation takes only what it records.
 */
public interface Telemetry {

    default void connectionOpened(ClientId client) {
    }

    default void connectionClosed(ClientId client) {
    }

    /** An error sent to a client (or answered over HTTP), whatever its code; a rejected connection too. */
    default void rejected(ErrorCode code) {
    }

    /** A connection refused at admission (also reported as {@link #rejected}). */
    default void connectionRejected(ErrorCode code) {
    }

    /** An inbound frame that is not a valid request (malformed JSON, unknown type, binary). */
    default void parseFailed() {
    }

    /** A WebSocket client broke RFC 6455; its connection is failed with {@code closeCode} (1002, 1007). */
    default void protocolViolation(int closeCode) {
    }

    /** A frame went out compressed (permessage-deflate) to one connection, {@code bytesSaved} shorter than plain. */
    default void frameCompressed(int bytesSaved) {
    }

    /** A WebSocket connection was closed because its client stopped answering the server's pings. */
    default void pongTimedOut() {
    }

    /** A parsed inbound WebSocket message, by its {@code type} ({@code invalid} when it did not parse). */
    default void messageReceived(String type) {
    }

    default void subscriptionOpened(JobId jobId) {
    }

    default void subscriptionClosed(JobId jobId) {
    }

    /** Events stored by one publish (a batch counts each of its events). */
    default void eventsPublished(JobId jobId, int count) {
    }

    /** A publish repeated an idempotency key: nothing was stored, the first answer was given again. */
    default void publishReplayed(JobId jobId) {
    }

    /** The broker did not take a publication; reconciliation will deliver it. */
    default void busPublishFailed(JobId jobId) {
    }

    /** Events handed to a client's channel. */
    default void eventsDelivered(int count, boolean replay) {
    }

    /** Time from an event's publication to its frame being written to a client. */
    default void eventSent(long publishToSendMillis) {
    }

    default void catchUpCompleted(JobId jobId, long events, long durationMs, Instant completedAt) {
    }

    /** Missing events fetched from the store for one subscription. */
    default void gapRepaired(JobId jobId, long events) {
    }

    /** A client's publish over the WebSocket was accepted, in the namespace named (durable or ephemeral). */
    default void clientPublished(String namespace) {
    }

    /** An event of an ephemeral channel went to the bus (or, with the bus down, to this instance's members). */
    default void eventRelayed(String namespace) {
    }

    /** Relayed events handed to this instance's clients (one per recipient). */
    default void relayedDelivered(int count) {
    }

    /** A new ephemeral channel was refused: its creator's address created too many this minute. */
    default void channelCreationRefused(String namespace) {
    }

    /** A connection's token was replaced by a refresh. */
    default void tokenRefreshed() {
    }

    /** A refresh was refused ({@code UNAUTHORIZED}, {@code FORBIDDEN}); the connection kept its token. */
    default void tokenRefreshRefused(ErrorCode code) {
    }

    /** A connection's token expired and the client was told ({@code TOKEN_EXPIRED}). */
    default void tokenExpired() {
    }

    /** A connection was closed because its token expired and was not refreshed within the grace. */
    default void closedForExpiredToken() {
    }
}
