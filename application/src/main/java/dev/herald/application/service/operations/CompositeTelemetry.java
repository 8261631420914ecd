package dev.herald.application.service.operations;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.List;

/** Hands every report to each sink (the gateway's own statistics, MicroProfile Metrics, ...). */
public final class CompositeTelemetry implements Telemetry {

    private final List<Telemetry> sinks;

    public CompositeTelemetry(List<Telemetry> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void connectionOpened(ClientId client) {
        sinks.forEach(s -> s.connectionOpened(client));
    }

    @Override
    public void connectionClosed(ClientId client) {
        sinks.forEach(s -> s.connectionClosed(client));
    }

    @Override
    public void rejected(ErrorCode code) {
        sinks.forEach(s -> s.rejected(code));
    }

    @Override
    public void connectionRejected(ErrorCode code) {
        sinks.forEach(s -> s.connectionRejected(code));
    }

    @Override
    public void parseFailed() {
        sinks.forEach(Telemetry::parseFailed);
    }

    @Override
    public void messageReceived(String type) {
        sinks.forEach(s -> s.messageReceived(type));
    }

    @Override
    public void subscriptionOpened(JobId jobId) {
        sinks.forEach(s -> s.subscriptionOpened(jobId));
    }

    @Override
    public void subscriptionClosed(JobId jobId) {
        sinks.forEach(s -> s.subscriptionClosed(jobId));
    }

    @Override
    public void eventsPublished(JobId jobId, int count) {
        sinks.forEach(s -> s.eventsPublished(jobId, count));
    }

    @Override
    public void publishReplayed(JobId jobId) {
        sinks.forEach(s -> s.publishReplayed(jobId));
    }

    @Override
    public void busPublishFailed(JobId jobId) {
        sinks.forEach(s -> s.busPublishFailed(jobId));
    }

    @Override
    public void eventsDelivered(int count, boolean replay) {
        sinks.forEach(s -> s.eventsDelivered(count, replay));
    }

    @Override
    public void eventSent(long publishToSendMillis) {
        sinks.forEach(s -> s.eventSent(publishToSendMillis));
    }

    @Override
    public void catchUpCompleted(JobId jobId, long events, long durationMs, Instant completedAt) {
        sinks.forEach(s -> s.catchUpCompleted(jobId, events, durationMs, completedAt));
    }

    @Override
    public void gapRepaired(JobId jobId, long events) {
        sinks.forEach(s -> s.gapRepaired(jobId, events));
    }

    @Override
    public void tokenRefreshed() {
        sinks.forEach(Telemetry::tokenRefreshed);
    }

    @Override
    public void tokenRefreshRefused(ErrorCode code) {
        sinks.forEach(s -> s.tokenRefreshRefused(code));
    }

    @Override
    public void tokenExpired() {
        sinks.forEach(Telemetry::tokenExpired);
    }

    @Override
    public void closedForExpiredToken() {
        sinks.forEach(Telemetry::closedForExpiredToken);
    }

    @Override
    public void protocolViolation(int closeCode) {
        sinks.forEach(s -> s.protocolViolation(closeCode));
    }

    @Override
    public void frameCompressed(int bytesSaved) {
        sinks.forEach(s -> s.frameCompressed(bytesSaved));
    }

    @Override
    public void pongTimedOut() {
        sinks.forEach(Telemetry::pongTimedOut);
    }

    @Override
    public void clientPublished(String namespace) {
        sinks.forEach(s -> s.clientPublished(namespace));
    }

    @Override
    public void eventRelayed(String namespace) {
        sinks.forEach(s -> s.eventRelayed(namespace));
    }

    @Override
    public void relayedDelivered(int count) {
        sinks.forEach(s -> s.relayedDelivered(count));
    }

    @Override
    public void channelCreationRefused(String namespace) {
        sinks.forEach(s -> s.channelCreationRefused(namespace));
    }
}
