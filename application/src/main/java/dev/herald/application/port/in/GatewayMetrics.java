package dev.herald.application.port.in;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The fields of {@code /api/realtime/metrics}, as the wire contract names them. */
public record GatewayMetrics(int activeConnections, int totalSubscribers, Map<String, Integer> subscriptionsByJob,
                             Map<String, Integer> connectionsByOrigin, Map<String, Long> rejections,
                             Optional<LastCatchUp> lastCatchUp, EventBusStatus eventBus, long gapRepairs,
                             long eventsPublished, long eventsDelivered, boolean draining,
                             boolean maintenance) {

    public GatewayMetrics {
        subscriptionsByJob = Map.copyOf(subscriptionsByJob);
        connectionsByOrigin = Map.copyOf(connectionsByOrigin);
        rejections = Map.copyOf(rejections);
    }

    public record LastCatchUp(String jobId, long eventCount, long durationMs, Instant completedAt) {
    }

    public record EventBusStatus(boolean connected, long reconnects) {
    }
}
